import { CliError, parseCli, usage } from './cli-args.js';
import { SimulatorInputError } from './issues.js';
import { startSimulator } from './server.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
let options: ReturnType<typeof parseCli>;
try {
  options = parseCli(args);
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  process.stderr.write(`${error.message}\n${usage}\n`);
  process.exit(2);
}

try {
  const heard = new Set<string>();
  const sim = await startSimulator({
    ...options,
    onUnregisteredAudio: (sha256) => {
      if (heard.has(sha256)) return;
      heard.add(sha256);
      process.stderr.write(
        `warning: recognised audio nobody registered (sha256 ${sha256}): answering with random words; ` +
          'POST /_simulator/recognition/references says what it says\n',
      );
    },
  });
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
  // `npm run simulator` runs it under a shell that does not pass SIGTERM on: when the shell goes,
  // the simulator is re-parented, and stops rather than keep its port.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown();
  }, 500).unref();
} catch (error) {
  // A fleet that parses but does not fit the catalog (unknown base model, bad version) is a --fleet mistake.
  if (error instanceof SimulatorInputError) {
    process.stderr.write(`--fleet: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
