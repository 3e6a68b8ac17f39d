import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deleteLocalStore, listLocalTables, openSharedStore } from '#local/dynamodb/index.js';
import { storeFiles } from '#local/dynamodb/store-files.js';

async function waitFor(condition: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the local store shared by the commands of one data directory', () => {
  it('serves every command from one server, refuses --fresh while in use, and ends after the last', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'shared-store-'));
    const first = await openSharedStore(dataDir, 'npm start');
    const second = await openSharedStore(dataDir, 'stt-upgrader history');
    expect(second.endpoint).toBe(first.endpoint);
    expect(second.serverPid).not.toBe(process.pid);
    expect(second.others).toEqual([{ pid: process.pid, command: 'npm start' }]);
    expect(await listLocalTables(second.endpoint)).toEqual([]);

    await expect(deleteLocalStore(dataDir)).rejects.toThrow(
      /in use by npm start \(pid \d+\), stt-upgrader history \(pid \d+\): run --fresh after it ends/,
    );
    await first.stop();
    await second.stop();
    await waitFor(() => !existsSync(storeFiles(dataDir).server));
    await deleteLocalStore(dataDir);
    expect(existsSync(dataDir)).toBe(false);
  }, 90_000);
});
