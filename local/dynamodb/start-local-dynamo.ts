import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dynalite from 'dynalite';

export interface LocalDynamo {
  /** `http://127.0.0.1:<port>`, for the `endpoint` option of every adapter. */
  readonly endpoint: string;
  /** The LevelDB folder: the one asked for, or the temporary one `stop` removes. */
  readonly path: string;
  /** Stops the server and closes its LevelDB store, so the folder can be opened again. */
  stop(): Promise<void>;
}

/**
 * DynamoDB emulated in this process by dynalite, on a random loopback port. With `path` the data
 * lives in that LevelDB folder and survives a restart; without it, in a fresh temporary folder that
 * `stop` removes. Never in memory: dynalite's memory store keeps every key and value in a small Buffer,
 * each pinning an 8 KiB pool slab, so a 10,000-unit fleet's history held over 500 MiB there, against
 * LevelDB's few MiB of cache.
 */
export async function startLocalDynamo(options: { path?: string } = {}): Promise<LocalDynamo> {
  const scratch = options.path ? undefined : mkdtempSync(path.join(tmpdir(), 'local-dynamo-'));
  const folder = options.path ?? (scratch as string);
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: folder });
  const removeScratch = () => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    removeScratch();
    throw error;
  }
  const { port } = server.address() as AddressInfo; // Listening on TCP, so the address is never a pipe name.
  return {
    endpoint: `http://127.0.0.1:${port}`,
    path: folder,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          removeScratch();
          if (error) reject(error);
          else resolve();
        });
        // SDK clients keep connections alive; close would otherwise wait for them to time out.
        server.closeAllConnections();
      }),
  };
}
