import { mapWithConcurrency } from '#adapters/test-sets/concurrency.js';
import { loadTestSet } from '#adapters/test-sets/index.js';
import { InvalidInputError } from '#core/contract/errors.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { type InstanceSettings, testSetFor, watchEnabled } from '#core/settings/instance-settings.js';
import { wavSeconds } from '#core/verification/audio-length.js';
import {
  compareMeasurement,
  decideOnCap,
  type MeasuredUtterance,
  newMeasurement,
  priceOf,
  WATCH_PAGE_SIZE,
  type WatchPageState,
  type WatchRun,
  watchInputSchema,
  watchMetricPoints,
  watchQuery,
} from '#core/watch/index.js';
import { awsWatchHandler } from './runtime/aws-watch-deps.js';
import { frozenClock } from './runtime/frozen-clock.js';
import type { UnitHandler } from './runtime/unit-deps.js';
import type { WatchDeps } from './runtime/watch-deps.js';

type Input<P extends string> = Extract<ReturnType<typeof watchInputSchema.parse>, { phase: P }>;

/**
 * The accuracy watch of one instance: plan (which models have a test set, the monthly cap, pages of
 * model ids), page (the next page), measure (one model: recognise its test set with its current base
 * model and the pinned parameters, store the measurement, compare, notify), summarize (close the run,
 * fleet metrics).
 */
export function accuracyWatch(deps: WatchDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(watchInputSchema, event, 'accuracy-watch input');
    switch (task.phase) {
      case 'plan':
        return plan(deps, task);
      case 'page':
        return page(deps, task);
      case 'measure':
        return measure(deps, task);
      case 'measure-failed':
        return measureFailed(deps, task);
      case 'summarize':
        return summarize(deps, task);
    }
  };
}

async function settingsOf(deps: WatchDeps, instanceId: string): Promise<InstanceSettings> {
  const settings = await deps.instanceSettings(instanceId);
  if (!settings) throw new InvalidInputError('instanceId', [`no STT instance '${instanceId}' is configured`]);
  return settings;
}

/** Run ids begin with their start time, so a model's measurements sort by date under them. */
function watchRunIdOf(startedAt: string, executionName: string): string {
  return `w${startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${executionName.replace(/#/g, '-').slice(0, 60)}`;
}

async function plan(deps: WatchDeps, task: Input<'plan'>): Promise<WatchPageState> {
  const { instanceId, trigger } = task.input;
  const settings = await settingsOf(deps, instanceId);
  const startedAt = frozenClock(deps.clock).now().toISOString();
  const watchRunId = watchRunIdOf(startedAt, task.execution.name);
  const base = { watchRunId, instanceId, trigger, startedAt, pages: 0 } as const;
  const stop = async (reason: string, models: number) => {
    const run = await deps.history.watch.startRun(
      { ...emptyRun(base), models, outcome: 'stopped', reason, endedAt: startedAt },
      [],
    );
    deps.metrics?.record(watchMetricPoints(run));
    await deps.notifier?.notify({
      subject: `STT accuracy watch did not run on ${instanceId}`,
      message: `The accuracy watch of instance ${instanceId} did not start: ${reason}.`,
    });
    return { watchRunId, instanceId, stopped: true, reason, models: [], nextPage: 1, hasNextPage: false };
  };
  if (!watchEnabled(settings)) {
    const reason = settings.watch.enabled
      ? 'no model of the instance has a test set'
      : 'the watch is switched off';
    return { watchRunId, instanceId, stopped: true, reason, models: [], nextPage: 1, hasNextPage: false };
  }
  const stt = await deps.stt(instanceId);
  const watched = (await stt.listLanguageModels()).filter(
    (model) =>
      model.status === 'available' &&
      testSetFor(settings.testSets, model.customizationId, model.baseModelName),
  );
  const ids = watched.map((model) => model.customizationId);
  let expectedMinutes = 0;
  for (const id of ids)
    expectedMinutes += (await deps.history.watch.latest(instanceId, id))?.audioMinutes ?? 0;
  const month = startedAt.slice(0, 7);
  const cap = decideOnCap({
    monthlyMinutesCap: settings.watch.monthlyMinutesCap,
    minutesThisMonth: await deps.history.watch.minutesOfMonth(instanceId, month),
    expectedMinutes,
    month,
  });
  if (!cap.start) return stop(cap.reason, ids.length);
  const pages: string[][] = [];
  for (let i = 0; i < ids.length; i += WATCH_PAGE_SIZE) pages.push(ids.slice(i, i + WATCH_PAGE_SIZE));
  await deps.history.watch.startRun({ ...emptyRun(base), models: ids.length, pages: pages.length }, pages);
  return { watchRunId, instanceId, stopped: false, models: [], nextPage: 1, hasNextPage: pages.length > 0 };
}

function emptyRun(
  base: Pick<WatchRun, 'watchRunId' | 'instanceId' | 'trigger' | 'startedAt' | 'pages'>,
): WatchRun {
  return {
    ...base,
    outcome: 'running',
    models: 0,
    measured: 0,
    failed: 0,
    baselines: 0,
    steady: 0,
    worse: 0,
    better: 0,
    audioMinutes: 0,
    priceUsd: 0,
  };
}

async function page(deps: WatchDeps, task: Input<'page'>): Promise<WatchPageState> {
  const { instanceId, watchRunId, nextPage } = task;
  const run = await deps.history.watch.requireRun(instanceId, watchRunId);
  const models = (await deps.history.watch.page(instanceId, watchRunId, nextPage)) ?? [];
  return {
    watchRunId,
    instanceId,
    stopped: false,
    models,
    nextPage: nextPage + 1,
    hasNextPage: nextPage < run.pages,
  };
}

async function measure(deps: WatchDeps, task: Input<'measure'>): Promise<{ verdict: string }> {
  const { instanceId, customizationId, watchRunId } = task;
  const already = await deps.history.watch.measurement(instanceId, customizationId, watchRunId);
  if (already) return { verdict: already.comparison?.verdict ?? 'steady' };
  const settings = await settingsOf(deps, instanceId);
  const model = await (await deps.stt(instanceId)).getLanguageModel(customizationId);
  const testSet = testSetFor(settings.testSets, customizationId, model.baseModelName);
  if (!testSet)
    throw new InvalidInputError('Accuracy watch', [`model ${customizationId} has no test set any more`]);
  const utterances = await loadTestSet(deps.testSet(testSet));
  const query = watchQuery(model, settings.watch.recognition);
  const recognizer = await deps.pinnedRecognizer(instanceId);
  const source = deps.testSet(testSet);
  const warnings: string[] = [];
  const recognised: MeasuredUtterance[] = await mapWithConcurrency(
    utterances,
    settings.watch.recognitionConcurrency,
    async (utterance) => {
      const audio = await source.readAudio(utterance.audio);
      const answer = await recognizer.recognize({
        audio,
        contentType: utterance.contentType,
        parameters: query.parameters,
      });
      warnings.push(...answer.warnings);
      return {
        audio: utterance.audio,
        reference: utterance.reference,
        transcript: answer.transcript,
        audioSeconds: wavSeconds(audio) ?? null,
      };
    },
  );
  const current = newMeasurement({
    instanceId,
    watchRunId,
    measuredAt: frozenClock(deps.clock).now().toISOString(),
    testSet,
    model,
    query,
    utterances: recognised,
    warnings,
  });
  await deps.transcripts.write(current.transcripts, recognised);

  const baselineRunId = await deps.history.watch.baseline(instanceId, customizationId);
  const baseline = baselineRunId
    ? await deps.history.watch.measurement(instanceId, customizationId, baselineRunId)
    : undefined;
  const result = compareMeasurement({
    current,
    baseline,
    sinceBaseline: baselineRunId
      ? await deps.history.watch.measurements(instanceId, customizationId, baselineRunId)
      : [],
    alert: await deps.history.watch.alert(instanceId, customizationId),
    maxWerIncrease: settings.watch.maxWerIncrease,
    baselineUtterances: baseline ? await deps.transcripts.read(baseline.transcripts) : [],
    currentUtterances: recognised,
  });
  if (!(await deps.history.watch.record(result.measurement))) return { verdict: 'steady' };
  if (result.newBaseline) await deps.history.watch.setBaseline(instanceId, customizationId, watchRunId);
  else await deps.history.watch.setAlert(instanceId, customizationId, result.alert);
  if (result.notice) await deps.notifier?.notify(result.notice);
  const verdict = result.measurement.comparison?.verdict ?? 'steady';
  const run = await deps.history.watch.requireRun(instanceId, watchRunId);
  await deps.history.watch.count(instanceId, watchRunId, run.startedAt.slice(0, 7), {
    verdict,
    audioMinutes: current.audioMinutes,
    priceUsd: priceOf(current.audioMinutes, settings.watch.pricePerMinuteUsd),
  });
  return { verdict };
}

async function measureFailed(deps: WatchDeps, task: Input<'measure-failed'>): Promise<{ verdict: string }> {
  const { instanceId, customizationId, watchRunId } = task;
  const recorded = await deps.history.watch.recordFailure({
    watchRunId,
    instanceId,
    customizationId,
    error: task.failure?.Error ?? 'Unknown',
    cause: (task.failure?.Cause ?? '').slice(0, 500),
    failedAt: frozenClock(deps.clock).now().toISOString(),
  });
  if (recorded) {
    const run = await deps.history.watch.requireRun(instanceId, watchRunId);
    await deps.history.watch.count(instanceId, watchRunId, run.startedAt.slice(0, 7), {
      verdict: 'failed',
      audioMinutes: 0,
      priceUsd: 0,
    });
  }
  return { verdict: 'failed' };
}

async function summarize(deps: WatchDeps, task: Input<'summarize'>): Promise<WatchRun> {
  const run = await deps.history.watch.finishRun(task.instanceId, task.watchRunId, {
    outcome: 'done',
    endedAt: frozenClock(deps.clock).now().toISOString(),
  });
  deps.metrics?.record(watchMetricPoints(run));
  return run;
}

export const handler = awsWatchHandler(accuracyWatch);
