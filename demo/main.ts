import '#local/node20.js';
import path from 'node:path';
import { systemClock } from '#adapters/system-clock.js';
import { UpgraderError } from '#core/contract/errors.js';
import { deleteLocalStore, LocalStoreInUseError, openSharedStore } from '#local/dynamodb/index.js';
import { RunInterruptedError, resumeHint } from '#local/interrupt.js';
import { localUsage, parseLocalOptions } from './local-options.js';
import { runAgainstInstance } from './run-against-instance.js';
import { runDemo } from './run-demo.js';

/**
 * `npm start`: the upgrader on this machine. By default against the simulator and its demo fleet;
 * with --service-url the fleet state machine against a real IBM instance (a dry run unless --yes).
 */
async function main(argv: readonly string[]): Promise<number> {
  const options = parseLocalOptions(argv);
  if (options.help) {
    process.stdout.write(localUsage);
    return 0;
  }
  const dataDir = path.resolve(options['data-dir']);
  if (options.fresh) {
    try {
      await deleteLocalStore(dataDir);
    } catch (error) {
      if (!(error instanceof LocalStoreInUseError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
  }
  if (options['service-url']) return runAgainstInstance(options, systemClock);
  const store = await openSharedStore(dataDir, 'npm start');
  try {
    return await runDemo(options, store);
  } finally {
    await store.stop();
  }
}

// A reader that goes away (`npm start | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof RunInterruptedError) {
      process.stderr.write(resumeHint);
      process.exitCode = 130;
      return;
    }
    // Named errors are for people: print the message alone. Anything else is a bug: keep the stack.
    process.stderr.write(
      error instanceof UpgraderError
        ? `${error.name}: ${error.message}\n`
        : `${String(error instanceof Error ? error.stack : error)}\n`,
    );
    process.exitCode = error instanceof UpgraderError && error.name === 'InvalidInput' ? 2 : 1;
  },
);
