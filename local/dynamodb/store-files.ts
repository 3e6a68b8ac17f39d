import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The files through which the processes of one data directory share its local store: the server's
 * address, a marker while one is starting, and one file per process using it.
 */
export interface StoreFiles {
  readonly levelDb: string;
  readonly server: string;
  readonly starting: string;
  readonly clients: string;
  readonly log: string;
}

export function storeFiles(dataDir: string): StoreFiles {
  const control = path.join(dataDir, 'store');
  return {
    levelDb: path.join(dataDir, 'dynamodb'),
    server: path.join(control, 'server.json'),
    starting: path.join(control, 'starting'),
    clients: path.join(control, 'clients'),
    log: path.join(control, 'server.log'),
  };
}

export const storeServerSchema = z.object({
  pid: z.number().int().positive(),
  endpoint: z.url(),
  startedAt: z.string(),
});
export type StoreServer = z.infer<typeof storeServerSchema>;

export const storeClientSchema = z.object({ pid: z.number().int().positive(), command: z.string() });
export type StoreClient = z.infer<typeof storeClientSchema>;

/** Whether a process is alive; signal 0 only checks that it exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A JSON file written whole: readers see the old file or the new one, never half of one. */
export function writeJsonAtomically(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value));
  renameSync(temporary, file);
}

/** A JSON file parsed with its schema; undefined when it is missing or unreadable. */
export function readJson<T>(file: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The processes registered as using the store; files of processes that ended are removed. */
export function liveClients(files: StoreFiles): StoreClient[] {
  let names: string[];
  try {
    names = readdirSync(files.clients);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const file = path.join(files.clients, name);
    const client = readJson(file, storeClientSchema);
    if (client && isAlive(client.pid)) return [client];
    if (client) rmSync(file, { force: true });
    return [];
  });
}
