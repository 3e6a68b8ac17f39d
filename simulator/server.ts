import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { type ApiContext, resolveApiRoute } from './api.js';
import { Authenticator, type SimulatorAuth } from './auth.js';
import { BaseModelCatalog } from './catalog.js';
import { type SimulatorClock, systemClock } from './clock.js';
import { runControl } from './controls.js';
import { FaultInjector, faultSchema } from './faults.js';
import type { FleetSeed } from './fleet-schema.js';
import { readBody, sendJson } from './http.js';
import { parseInput, SimulatorInputError } from './issues.js';
import { LostAnswerCounter, type LostAnswerNote, loseAnswer, statusSeen } from './lost-answers.js';
import { ApiError, SimulatorMessages } from './messages.js';
import { SeededRandom } from './random.js';
import {
  RecognitionBook,
  recognitionProfilesSchema,
  recognitionReferencesSchema,
  silentImprovementSchema,
} from './recognition-book.js';
import { RequestLog } from './request-log.js';
import type { SimulatorRequestLogEntry } from './request-log-entry.js';
import { invalidResourcesSchema, markInvalid } from './resources.js';
import type { RunningSimulator, SimulatorStats } from './running-simulator.js';
import { seedFleet } from './seeding.js';
import { ModelStore } from './store.js';
import type { Platform } from './training.js';

export type { RunningSimulator, SimulatorStats };

export interface SimulatorOptions {
  /** Default 0: a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: the system clock. All model timing (durations, `updated`) uses it. */
  clock?: SimulatorClock;
  /** Default 1; upgrade and training durations are divided by it. */
  timeScale?: number;
  /** Default none. */
  auth?: SimulatorAuth;
  /** Default 0; seeds every random choice. */
  seed?: number;
  fleet?: FleetSeed;
  /** Default 'reject': 400 "Custom model is already up-to-date". */
  alreadyUpToDate?: 'reject' | 'no-op';
  /** Default from `auth`: `cpd` for cp4d, else `cloud`. Cloud Pak for Data refuses `force` on training. */
  platform?: Platform;
  /** Upgrade seconds per second of audio, default 1. */
  acousticUpgradeRatio?: number;
  /** Told of each recognition of audio without a registered reference (answered with random words). */
  onUnregisteredAudio?: (sha256: string) => void;
  /** Custom models of each kind an instance may hold; default IBM's 1024. */
  modelLimit?: number;
  /** Seconds a corpus analysis takes before time scaling; default 60 plus 6 per thousand words ("on the order of minutes"). */
  corpusAnalysis?: { baseSeconds: number; secondsPerThousandWords: number };
}

function positive(value: number | undefined, name: string, fallback: number): number {
  const result = value ?? fallback;
  if (!Number.isFinite(result) || result <= 0)
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  return result;
}

function splitPath(pathname: string): string[] {
  const segments = pathname.split('/').filter((s) => s !== '');
  // A real service URL ends in /instances/{instance id}; the API path follows it.
  const start = segments[0] === 'instances' && segments.length > 2 ? 2 : 0;
  return segments.slice(start).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}

/** Starts the IBM Speech to Text customization simulator on loopback. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const seed = options.seed ?? 0;
  const clock = options.clock ?? systemClock;
  const catalog = new BaseModelCatalog();
  const store = new ModelStore({
    clock,
    catalog,
    seed,
    ids: new SeededRandom(seed),
    timeScale: positive(options.timeScale, 'timeScale', 1),
    acousticUpgradeRatio: positive(options.acousticUpgradeRatio, 'acousticUpgradeRatio', 1),
    modelLimit: positive(options.modelLimit, 'modelLimit', 1024),
    corpusAnalysis: options.corpusAnalysis ?? { baseSeconds: 60, secondsPerThousandWords: 6 },
  });
  const faults = new FaultInjector(new SeededRandom(seed ^ 0x5eed_fa17));
  const log = new RequestLog();
  const lostAnswers = new LostAnswerCounter();
  const book = new RecognitionBook();
  const auth = new Authenticator(
    options.auth ?? { kind: 'none' },
    `stt-simulator-${seed}-${process.pid}-${Date.now()}`,
  );
  let url = '';
  const ctx: ApiContext = {
    store,
    platform: options.platform ?? (auth.kind === 'cp4d' ? 'cpd' : 'cloud'),
    recognition: {
      store,
      book,
      seed,
      ...(options.onUnregisteredAudio ? { onUnregisteredAudio: options.onUnregisteredAudio } : {}),
    },
    rules: { store, faults, alreadyUpToDate: options.alreadyUpToDate ?? 'reject' },
    auth,
    baseUrl: () => url,
  };

  const sim: RunningSimulator = {
    get url() {
      return url;
    },
    get port() {
      return (server.address() as AddressInfo).port;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    releaseBaseModelVersion: (name, version) => {
      catalog.release(name, version);
    },
    hasBaseModel: (name) => catalog.get(name) !== undefined,
    requestLog: () => log.list(),
    clearRequestLog: () => log.clear(),
    addFaults: (list) => faults.add(list.map((f, i) => parseInput(faultSchema, f, `faults.${i}`))),
    clearFaults: () => faults.clear(),
    reset: () => {
      store.reset();
      catalog.reset();
      faults.clear();
      log.clear();
      lostAnswers.clear();
      book.clear();
    },
    seedFleet: (fleet) => seedFleet(store, fleet),
    markInvalidResources: (id, resources) => {
      const request = parseInput(invalidResourcesSchema, resources, 'invalid resources');
      const issues = markInvalid(store.require(id, 'language'), request);
      if (issues.length > 0) throw new SimulatorInputError('invalid resources', issues);
    },
    model: (id) => {
      const model = store.find(id, 'language') ?? store.find(id, 'acoustic');
      return model && store.snapshot(model);
    },
    stats: () => ({ ...store.stats(), lostAnswers: lostAnswers.snapshot(), recognition: book.stats() }),
    addRecognitionReferences: (references) => {
      book.addReferences(
        parseInput(recognitionReferencesSchema, { references }, 'recognition references').references,
      );
    },
    addRecognitionProfiles: (profiles) => {
      const parsed = parseInput(recognitionProfilesSchema, { profiles }, 'recognition profiles').profiles;
      const issues = parsed.flatMap((p, i) =>
        p.baseModel === undefined || catalog.get(p.baseModel)
          ? []
          : [`profiles.${i}.baseModel: unknown base model '${p.baseModel}'`],
      );
      if (issues.length > 0) throw new SimulatorInputError('recognition profiles', issues);
      book.addProfiles(parsed);
    },
    improveBaseModel: (name, improvement) => {
      if (!catalog.get(name)) throw new SimulatorInputError('improvement', [`unknown base model '${name}'`]);
      book.improve(name, parseInput(silentImprovementSchema, improvement, 'improvement'));
    },
    withdrawBaseModelVersion: (name, version) => {
      const base = catalog.get(name);
      if (!base?.versions.includes(version)) {
        throw new SimulatorInputError('withdrawal', [
          `version: '${version}' is not a released version of '${name}'`,
        ]);
      }
      catalog.withdraw(name, version);
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const pathname = q < 0 ? target : target.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
    const segments = splitPath(pathname);
    if (segments[0] === '_simulator') {
      const answer = runControl(sim, method, segments, await readBody(req));
      sendJson(res, answer.status, answer.body);
      return;
    }
    const time = new Date(clock.now()).toISOString();
    const route = resolveApiRoute(method, segments);
    const operation = route?.operation ?? 'unknown';
    const customizationId = route?.customizationId;
    const record = (status: number, lost?: LostAnswerNote): void => {
      const entry: Omit<SimulatorRequestLogEntry, 'seq'> = {
        time,
        method,
        path: pathname,
        query: Object.fromEntries(query),
        status,
        operation,
        ...(customizationId === undefined ? {} : { customizationId }),
        ...lost,
      };
      log.record(entry);
    };
    const injected = faults.forRequest(operation, customizationId);
    if (injected.delayMs > 0) await delay(injected.delayMs);
    if (injected.outcome?.kind === 'drop') {
      record(0);
      req.socket.destroy();
      return;
    }
    try {
      if (injected.outcome)
        throw new ApiError(
          injected.outcome.status,
          injected.outcome.error ?? SimulatorMessages.injectedFault(injected.outcome.status),
        );
      if (!route) throw new ApiError(404, SimulatorMessages.unknownOperation(method, pathname));
      const body = await readBody(req);
      if (!route.public) auth.check(req.headers);
      const answer = route.run(ctx, { query, headers: req.headers, body });
      const lost = answer.status < 300 ? faults.takeLostAnswer(operation, customizationId) : undefined;
      if (lost) {
        record(statusSeen(lost), { answerLost: lost, appliedStatus: answer.status });
        lostAnswers.count(operation, lost);
        loseAnswer(req, res, lost);
        return;
      }
      record(answer.status);
      sendJson(res, answer.status, answer.body);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(500, String(error));
      record(apiError.status);
      sendJson(res, apiError.status, apiError.body());
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const apiError = error instanceof ApiError ? error : new ApiError(500, String(error));
      if (!res.headersSent) sendJson(res, apiError.status, apiError.body());
    });
  });
  server.keepAliveTimeout = 30_000;

  if (options.fleet) seedFleet(store, options.fleet);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `http://${host}:${sim.port}`;
  return sim;
}
