import { rmSync } from 'node:fs';
import { startLocalDynamo } from './start-local-dynamo.js';
import { liveClients, storeFiles, writeJsonAtomically } from './store-files.js';

/**
 * The process that holds one data directory's LevelDB store (which one process at a time may open)
 * and serves it as DynamoDB on loopback, so that any number of commands use it side by side.
 * Started by the first command that needs it; ends a moment after the last one has gone.
 */
const IDLE_MS = 2_000;
const CHECK_MS = 250;

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: store-server <data-dir>');
const files = storeFiles(dataDir);
const dynamo = await startLocalDynamo({ path: files.levelDb }).catch((error: Error) => {
  // Another server holds the store (its LevelDB lock): the commands use that one.
  rmSync(files.starting, { force: true });
  throw error;
});
const publish = () =>
  writeJsonAtomically(files.server, {
    pid: process.pid,
    endpoint: dynamo.endpoint,
    startedAt: new Date().toISOString(),
  });
publish();
rmSync(files.starting, { force: true });

let idleSince: number | undefined;
async function stop(): Promise<never> {
  clearInterval(timer);
  rmSync(files.server, { force: true });
  await dynamo.stop();
  process.exit(0);
}
const timer = setInterval(() => {
  if (liveClients(files).length > 0) {
    idleSince = undefined;
    return;
  }
  idleSince ??= Date.now();
  if (Date.now() - idleSince < IDLE_MS) return;
  // Withdraw the address first; a command that registered meanwhile is seen by the second look.
  rmSync(files.server, { force: true });
  if (liveClients(files).length > 0) {
    publish();
    idleSince = undefined;
    return;
  }
  void stop();
}, CHECK_MS);
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
