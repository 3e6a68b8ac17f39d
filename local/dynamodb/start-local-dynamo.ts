import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import type { DynamoFaultsInput } from './dynamo-faults.js';
import { type FaultFront, startFaultFront } from './fault-front.js';

export interface LocalDynamo {
  /** `http://127.0.0.1:<port>`, for the `endpoint` option of every adapter. */
  readonly endpoint: string;
  /** The fault front, when the emulator was started with faults: change them, plan lost answers, count. */
  readonly faults?: FaultFront;
  /** Stops the server and closes its LevelDB store, so the folder can be opened again. */
  stop(): Promise<void>;
}

/**
 * DynamoDB emulated in this process by dynalite, on a random loopback port. With `path` the data
 * lives in that LevelDB folder and survives a restart; without it, in memory. With `faults` (even
 * all zero) clients talk to a front that throttles, fails, loses answers and lags indexes as asked.
 */
export async function startLocalDynamo(
  options: { path?: string; faults?: DynamoFaultsInput } = {},
): Promise<LocalDynamo> {
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo; // Listening on TCP, so the address is never a pipe name.
  const direct = `http://127.0.0.1:${port}`;
  const front = options.faults ? await startFaultFront(direct, options.faults) : undefined;
  const stopDynalite = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // SDK clients keep connections alive; close would otherwise wait for them to time out.
      server.closeAllConnections();
    });
  return {
    endpoint: front?.endpoint ?? direct,
    ...(front ? { faults: front } : {}),
    stop: async () => {
      await front?.stop();
      await stopDynalite();
    },
  };
}
