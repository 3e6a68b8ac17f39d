import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isAlive,
  liveClients,
  readJson,
  type StoreClient,
  type StoreFiles,
  storeFiles,
  storeServerSchema,
  writeJsonAtomically,
} from './store-files.js';

/** A data directory's local store, shared with every other command using the same directory. */
export interface SharedStore {
  /** `http://127.0.0.1:<port>`, for the `endpoint` option of every adapter. */
  readonly endpoint: string;
  /** The process serving the store. */
  readonly serverPid: number;
  /** Other commands using the store when this one joined: their runs may be live. */
  readonly others: readonly StoreClient[];
  /** Leaves the store; the server ends once no command uses it. */
  stop(): Promise<void>;
}

/** `--fresh` while another command uses the store. */
export class LocalStoreInUseError extends Error {
  override readonly name = 'LocalStoreInUse';
}

const JOIN_TIMEOUT_MS = 60_000;
/** A server that has not published its address this long after being started is taken for dead. */
const STARTING_STALE_MS = 30_000;
const serverScript = fileURLToPath(new URL('./store-server.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
let registrations = 0;

/**
 * Joins the local store of `dataDir`, starting its server if no command runs one. LevelDB lets one
 * process open a store, so a server process holds it and every command (`npm start`, `upgrade`,
 * `history`, ...) talks to it over loopback, side by side. `command` names this one to the others.
 */
export async function openSharedStore(dataDir: string, command: string): Promise<SharedStore> {
  const files = storeFiles(path.resolve(dataDir));
  const others = liveClients(files);
  // Registered before looking for the server, so a server about to end sees this command and stays.
  const registration = path.join(files.clients, `${process.pid}-${++registrations}.json`);
  writeJsonAtomically(registration, { pid: process.pid, command } satisfies StoreClient);
  const leave = async () => rmSync(registration, { force: true });
  try {
    const server = await findServer(files);
    return { ...server, others, stop: leave };
  } catch (error) {
    await leave();
    throw error;
  }
}

async function findServer(files: StoreFiles): Promise<{ endpoint: string; serverPid: number }> {
  const deadline = Date.now() + JOIN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const server = readJson(files.server, storeServerSchema);
    if (server && isAlive(server.pid) && (await answers(server.endpoint)))
      return { endpoint: server.endpoint, serverPid: server.pid };
    if (server && !isAlive(server.pid)) rmSync(files.server, { force: true });
    if (!server) startServer(files);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `the local store under ${path.dirname(files.levelDb)} did not start within ${JOIN_TIMEOUT_MS / 1000} s` +
      `${logTail(files)}`,
  );
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(5_000) });
    return true;
  } catch {
    return false;
  }
}

/** Starts the server unless another command is starting one (the `starting` file is the ticket). */
function startServer(files: StoreFiles): void {
  mkdirSync(path.dirname(files.starting), { recursive: true });
  if (startingIsStale(files)) rmSync(files.starting, { force: true });
  let ticket: number;
  try {
    ticket = openSync(files.starting, 'wx');
  } catch {
    return;
  }
  const log = openSync(files.log, 'a');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', serverScript, path.dirname(files.levelDb)], {
      cwd: projectRoot,
      detached: true,
      stdio: ['ignore', log, log],
    });
    writeFileSync(ticket, String(child.pid ?? ''));
    child.unref();
  } finally {
    closeSync(ticket);
    closeSync(log);
  }
}

function startingIsStale(files: StoreFiles): boolean {
  try {
    const pid = Number(readFileSync(files.starting, 'utf8'));
    const age = Date.now() - statSync(files.starting).mtimeMs;
    return Number.isInteger(pid) && pid > 0 ? !isAlive(pid) : age > STARTING_STALE_MS;
  } catch {
    return false;
  }
}

function logTail(files: StoreFiles): string {
  try {
    const lines = readFileSync(files.log, 'utf8').trim().split('\n').slice(-5);
    return lines.length > 0 ? `; its log says:\n${lines.join('\n')}` : '';
  } catch {
    return '';
  }
}

/**
 * Deletes the data directory (`npm start --fresh`) once no server holds it. Refused while another
 * command uses it: its history would vanish under it.
 */
export async function deleteLocalStore(dataDir: string): Promise<void> {
  const files = storeFiles(path.resolve(dataDir));
  const users = liveClients(files);
  if (users.length > 0) {
    const who = users.map((user) => `${user.command} (pid ${user.pid})`).join(', ');
    throw new LocalStoreInUseError(
      `the local history in ${dataDir} is in use by ${who}: run --fresh after it ends`,
    );
  }
  const deadline = Date.now() + JOIN_TIMEOUT_MS;
  for (;;) {
    const server = readJson(files.server, storeServerSchema);
    if (!server || !isAlive(server.pid) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  rmSync(path.resolve(dataDir), { recursive: true, force: true });
}
