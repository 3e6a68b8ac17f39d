import { CliError, parseCli, usage } from './cli-args.js';
import { SimulatorInputError } from './issues.js';
import { startSimulator } from './server.js';

let options: ReturnType<typeof parseCli>;
try {
  options = parseCli(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  process.stderr.write(`${error.message}\n${usage}\n`);
  process.exit(2);
}

try {
  const sim = await startSimulator(options);
  process.stdout.write(`listening on ${sim.url}\n`);
  process.stdout.write('stop with Ctrl+C (SIGINT) or SIGTERM\n');
  const shutdown = (): void => {
    sim.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  // A fleet that parses but does not fit the catalog (unknown base model, bad version) is a --fleet mistake.
  if (error instanceof SimulatorInputError) {
    process.stderr.write(`--fleet: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
