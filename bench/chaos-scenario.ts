import { type FleetSummary, fleetSummarySchema } from '#core/fleet/fleet-records.js';
import type { DynamoFaultStats, DynamoFaultsInput } from '#local/dynamodb/index.js';
import type { ExecutionResult, LambdaFaultCounts } from '#local/executor/index.js';
import type { LocalUpgrader } from '#local/local-upgrader.js';
import type { AcousticModelSeed, Fault, LanguageModelSeed, RunningSimulator } from '#simulator/index.js';
import { startTestBed } from '#testkit/local-fleet.js';

export const chaosInstanceId = 'chaos-instance';
export const chaosBaseModel = 'en-US_BroadbandModel';
const oldVersion = 'v2020-01-16';
export const chaosRelease = 'v2026-11-24';
const releaseDate = '2026-11-24';
const releaseNotesUrl = 'https://notes.test/release-notes.md';
/**
 * Function seconds per wall-clock second where function timeouts are injected: the start
 * function's timeout then comes before the IBM SDK's own request timeout (wall time), so a request
 * IBM never answers runs the function into its timeout.
 */
const defaultFunctionTimeScale = 10;

/** A model the scenario expects upgraded, and the language model an acoustic model was trained with. */
export interface ExpectedModel {
  readonly customizationId: string;
  readonly kind: 'language' | 'acoustic';
  readonly languageModelId?: string;
  /** IBM answers its unforced with-language-model step "No input data modified since last training". */
  readonly unmodifiedSinceTraining?: boolean;
}

export interface ChaosFleet {
  readonly languageModels: LanguageModelSeed[];
  readonly acousticModels: AcousticModelSeed[];
  readonly expected: ExpectedModel[];
}

const hex = (n: number) => n.toString(16).padStart(12, '0');

/**
 * Units of a language model with two acoustic models. The cap dates from when pairings travelled in
 * the 4 KB Lambda environment; it stays so that recorded audits remain comparable.
 */
const MAX_PAIRED_UNITS = 12;

/**
 * About `size` models behind the release, in the three kinds of unit: a language model with two
 * acoustic models trained with it (13%, at most 12 units), a lone language model (31%), a lone acoustic model (the
 * rest). Every fourth paired acoustic model has had no input change since training, so IBM asks
 * for `force`. Small models: each upgrade takes milliseconds at this time scale.
 */
export function chaosFleet(size: number): ChaosFleet {
  let serial = 0;
  const id = (prefix: string) => `${prefix}000000-0000-4000-8000-${hex(++serial)}`;
  const languageModels: LanguageModelSeed[] = [];
  const acousticModels: AcousticModelSeed[] = [];
  const expected: ExpectedModel[] = [];
  const addLanguage = () => {
    const customizationId = id('2a');
    languageModels.push({
      customizationId,
      name: `lm-${serial}`,
      baseModelName: chaosBaseModel,
      version: oldVersion,
      status: 'available',
      words: 20 + (serial % 7) * 300,
    });
    expected.push({ customizationId, kind: 'language' });
    return customizationId;
  };
  const addAcoustic = (languageModelId?: string) => {
    const customizationId = id('2b');
    const unmodifiedSinceTraining = languageModelId !== undefined && serial % 4 === 0;
    acousticModels.push({
      customizationId,
      name: `am-${serial}`,
      baseModelName: chaosBaseModel,
      version: oldVersion,
      status: 'available',
      audioMinutes: 1 + (serial % 5),
      ...(languageModelId && { trainedWithLanguageModel: languageModelId }),
      ...(unmodifiedSinceTraining && { unmodifiedSinceTraining }),
    });
    expected.push({
      customizationId,
      kind: 'acoustic',
      ...(languageModelId && { languageModelId }),
      ...(unmodifiedSinceTraining && { unmodifiedSinceTraining }),
    });
  };
  const pairedUnits = Math.min(Math.round(size * 0.13), MAX_PAIRED_UNITS);
  const loneLanguage = Math.round(size * 0.31);
  for (let n = 0; n < pairedUnits; n++) {
    const languageModelId = addLanguage();
    addAcoustic(languageModelId);
    addAcoustic(languageModelId);
  }
  for (let n = 0; n < loneLanguage; n++) addLanguage();
  while (expected.length < size) addAcoustic();
  return { languageModels, acousticModels, expected };
}

/** Each of `kinds` fires independently at `rate`, so that together they hit about `total` of requests. */
const eachRate = (total: number, kinds: number) => 1 - (1 - total) ** (1 / kinds);

/**
 * Faults as a network in front of IBM makes them: 429, 503 and connections dropped before the
 * request arrives on about `faultRate` of every call (reads, lists, upgrades), and on about
 * `lostAnswerRate` of the upgrade requests IBM applies, an answer lost (reset, 502 or 504).
 */
export function chaosFaults(faultRate: number, lostAnswerRate: number, functionTimeoutRate = 0): Fault[] {
  const rate = eachRate(faultRate, 3);
  const lostRate = eachRate(lostAnswerRate, 3);
  const lost = (['reset', '502', '504'] as const).flatMap((answer) =>
    (['upgrade_language_model', 'upgrade_acoustic_model'] as const).map(
      (operation): Fault => ({ kind: 'lose-answer', answer, rate: lostRate, match: { operation } }),
    ),
  );
  const failing: Fault[] = [
    { kind: 'status', status: 429, rate },
    { kind: 'status', status: 503, rate },
    { kind: 'drop', rate },
  ];
  // IBM applies the request and never answers: the start function runs into its timeout.
  const hanging = (['upgrade_language_model', 'upgrade_acoustic_model'] as const).map(
    (operation): Fault => ({
      kind: 'lose-answer',
      answer: 'hang',
      rate: functionTimeoutRate,
      match: { operation },
    }),
  );
  return [
    ...(rate > 0 ? failing : []),
    ...(lostRate > 0 ? lost : []),
    ...(functionTimeoutRate > 0 ? hanging : []),
  ];
}

/**
 * DynamoDB's faults at `faultRate` of data requests in all, in three equal parts: throttled, 500,
 * and (writes only) applied with the answer lost; and indexes `indexLagMs` behind the table.
 */
export function chaosDynamoFaults(seed: number, faultRate: number, indexLagMs: number): DynamoFaultsInput {
  const part = faultRate / 3;
  return { seed, throttleRate: part, serverErrorRate: part, lostAnswerRate: part, indexLagMs };
}

export interface ChaosOptions {
  readonly size: number;
  readonly seed: number;
  readonly fleetMaxConcurrency: number;
  readonly faultRate: number;
  readonly lostAnswerRate: number;
  /** DynamoDB's faults (see `chaosDynamoFaults`); absent: dynalite answers every request. */
  readonly dynamoFaults?: DynamoFaultsInput;
  /** Share of Lambda invocations throttled (`Lambda.TooManyRequestsException`). */
  readonly lambdaThrottleRate?: number;
  /** Share of upgrade requests IBM applies and never answers, so the start function times out. */
  readonly functionTimeoutRate?: number;
  /** Function seconds per wall-clock second where function timeouts are injected; 10 by default. */
  readonly functionTimeScale?: number;
  /**
   * Stops the release fleet once this share of the models is upgraded at IBM, then starts the scan
   * (otherwise the scan runs beside the release fleet).
   */
  readonly stopReleaseAt?: number;
  /** Told once the models are seeded and the fleets are about to start, for progress displays. */
  readonly onStarted?: (simulator: RunningSimulator, fleet: ChaosFleet, target: string) => void;
  /** Told of each fleet execution as it ends. */
  readonly onFleetEnded?: (name: string, result: ExecutionResult) => void;
}

export interface ChaosRun {
  readonly simulator: RunningSimulator;
  readonly upgrader: LocalUpgrader;
  readonly fleet: ChaosFleet;
  readonly target: string;
  /** Each fleet execution's name and summary (none for a stopped one); the release's three starts are one execution. */
  readonly fleets: {
    readonly name: string;
    readonly result: ExecutionResult;
    readonly summary: FleetSummary | undefined;
  }[];
  /** Models upgraded at IBM when the release fleet was stopped; undefined when it was not. */
  readonly upgradedWhenStopped: number | undefined;
  /** Claims the stopped release fleet's unit runs still held when the scan started: `model: run`. */
  readonly claimsHeldAtScanStart: readonly { readonly customizationId: string; readonly runId: string }[];
  /** Whether the three starts of the release fleet joined one execution. */
  readonly releaseStartsJoined: boolean;
  /** What DynamoDB's fault front did, when it ran. */
  dynamoFaults(): DynamoFaultStats | undefined;
  /** Lambda throttles, service exceptions and function timeouts the executor gave. */
  lambdaFaults(): Readonly<LambdaFaultCounts>;
  stop(): Promise<void>;
}

/**
 * A fleet execution succeeds even when units fail; one that does not has a bug worth naming, unless
 * it was stopped on purpose.
 */
function summaryOf(name: string, result: ExecutionResult, stopped: boolean): FleetSummary | undefined {
  if (stopped && result.status === 'ABORTED') return undefined;
  if (result.status !== 'SUCCEEDED')
    throw new Error(`fleet ${name} ended ${result.status}: ${result.error}: ${result.cause}`);
  return fleetSummarySchema.parse(result.output);
}

/**
 * Seeds the simulator with `size` models behind a release, stores the release-notes entry that
 * announces it, injects the faults, then starts the release fleet three times under one name and
 * a scheduled scan at the same moment, and waits for all of them.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosRun> {
  const bed = await startTestBed({
    simulator: { seed: options.seed },
    ...(options.dynamoFaults && { dynamoFaults: options.dynamoFaults }),
  });
  const { simulator, dynamo, stop } = bed;
  const target = `${chaosBaseModel}.${chaosRelease}`;
  try {
    const fleet = chaosFleet(options.size);
    simulator.seedFleet({ baseModels: [{ name: chaosBaseModel, versions: [oldVersion, chaosRelease] }] });
    simulator.seedFleet({ languageModels: fleet.languageModels, acousticModels: fleet.acousticModels });
    const upgrader = await bed.startUpgrader({
      instance: {
        id: chaosInstanceId,
        pairings: fleet.expected.flatMap((m) =>
          m.languageModelId
            ? [{ acousticModelId: m.customizationId, languageModelId: m.languageModelId }]
            : [],
        ),
      },
      fleetMaxConcurrency: options.fleetMaxConcurrency,
      releaseNotesSourceUrls: [releaseNotesUrl],
      ...(options.lambdaThrottleRate
        ? { lambdaFaults: { throttleRate: options.lambdaThrottleRate, seed: options.seed } }
        : {}),
      ...(options.functionTimeoutRate
        ? { functionTimeScale: options.functionTimeScale ?? defaultFunctionTimeScale }
        : {}),
    });
    await upgrader.history.putReleaseEntry({
      source: releaseNotesUrl,
      entryId: 'chaos-release',
      firstSeenAt: `${releaseDate}T00:00:00.000Z`,
      entry: {
        date: releaseDate,
        release: null,
        title: 'US English broadband model updated',
        baseModels: [chaosBaseModel],
        upgradeRequired: true,
        customModelTypes: ['language', 'acoustic'],
      },
    });
    simulator.addFaults(chaosFaults(options.faultRate, options.lostAnswerRate, options.functionTimeoutRate));
    options.onStarted?.(simulator, fleet, target);

    const releaseName = 'release-chaos-release';
    const releaseInput = {
      trigger: { type: 'release', id: 'chaos-release' },
      baseModels: [chaosBaseModel],
      releaseDates: { [chaosBaseModel]: releaseDate },
    };
    const scanName = 'schedule-2026-12-01';
    const started = (name: string, input: unknown) =>
      upgrader.runFleet(input, { name }).then((result) => {
        options.onFleetEnded?.(name, result);
        return result;
      });
    const releaseStarts = [1, 2, 3].map(() => started(releaseName, releaseInput));
    const scanInput = { trigger: { type: 'schedule', id: '2026-12-01' } };
    let upgradedWhenStopped: number | undefined;
    let claimsHeldAtScanStart: { customizationId: string; runId: string }[] = [];
    let scan: Promise<ExecutionResult>;
    if (options.stopReleaseAt === undefined) {
      scan = started(scanName, scanInput);
    } else {
      const upgraded = () =>
        fleet.expected.filter((m) => simulator.model(m.customizationId)?.versions.includes(target)).length;
      const threshold = Math.ceil(fleet.expected.length * options.stopReleaseAt);
      const releaseOver = await untilOrEnded(() => upgraded() >= threshold, Promise.race(releaseStarts));
      if (!releaseOver) {
        upgradedWhenStopped = upgraded();
        await upgrader.stopExecution(releaseName, {
          error: 'OperatorStopped',
          cause: `chaos: stopped with ${upgradedWhenStopped} of ${fleet.expected.length} models upgraded`,
        });
      }
      await Promise.all(releaseStarts);
      claimsHeldAtScanStart = await claimsOfFleet(upgrader, releaseName, fleet.expected);
      scan = started(scanName, scanInput);
    }
    const [first, second, third] = await Promise.all(releaseStarts);
    const release = first as ExecutionResult;
    const stopped = upgradedWhenStopped !== undefined;
    const fleets = [
      { name: releaseName, result: release, summary: summaryOf(releaseName, release, stopped) },
      { name: scanName, result: await scan, summary: summaryOf(scanName, await scan, false) },
    ];
    return {
      simulator,
      upgrader,
      fleet,
      target,
      fleets,
      upgradedWhenStopped,
      claimsHeldAtScanStart,
      releaseStartsJoined: [second, third].every((r) => r?.executionArn === release.executionArn),
      dynamoFaults: () => dynamo.faults?.stats(),
      lambdaFaults: () => upgrader.lambdaFaultCounts(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Claims on the models held by the unit runs a fleet run started. */
async function claimsOfFleet(upgrader: LocalUpgrader, fleetRunId: string, models: readonly ExpectedModel[]) {
  const unitRuns = new Set((await upgrader.history.fleet.unitRuns(fleetRunId)).map((u) => u.unitRunId));
  const held: { customizationId: string; runId: string }[] = [];
  for (const { customizationId } of models) {
    for (const claim of await upgrader.history.claims(chaosInstanceId, customizationId)) {
      if (unitRuns.has(claim.runId)) held.push({ customizationId, runId: claim.runId });
    }
  }
  return held;
}

/** Waits until `reached` holds, checking every 100 ms, or until `ended` settles; true if it ended first. */
async function untilOrEnded(reached: () => boolean, ended: Promise<unknown>): Promise<boolean> {
  let over = false;
  const end = () => {
    over = true;
  };
  ended.then(end, end);
  while (!over && !reached()) await new Promise((resolve) => setTimeout(resolve, 100));
  return over;
}
