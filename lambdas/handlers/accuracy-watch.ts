import { publishWatchRunReport } from '#adapters/report/index.js';
import { recognisePinned } from '#adapters/test-sets/recognise-pinned.js';
import { InvalidInputError } from '#core/contract/errors.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { watchRunReportKey } from '#core/report/index.js';
import { testSetFor } from '#core/settings/instance-settings.js';
import {
  compareMeasurement,
  measurementFailure,
  measurementOutcome,
  measurementRunId,
  newMeasurement,
  notStarted,
  notWatchedReason,
  pageState,
  planWatchRun,
  type WatchPageState,
  type WatchRun,
  watchedModelIds,
  watchInputSchema,
  watchMetricPoints,
  watchQuery,
  watchRunWantsReport,
} from '#core/watch/index.js';
import { awsWatchDeps } from './runtime/aws-deps.js';
import { frozenClock } from './runtime/frozen-clock.js';
import { lambdaHandler } from './runtime/lambda-entry.js';
import type { UnitHandler } from './runtime/unit-deps.js';
import type { WatchDeps } from './runtime/watch-deps.js';

type Input<P extends string> = Extract<ReturnType<typeof watchInputSchema.parse>, { phase: P }>;

/**
 * The accuracy watch of one instance: plan (which models have a test set, the monthly cap, pages of
 * model ids), page (the next page), measure (one model: recognise its test set with its current base
 * model and the pinned parameters, store the measurement, compare, notify), summarize (close the run,
 * fleet metrics, the run's report in the bucket). Every decision is core's (`#core/watch`).
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

async function plan(deps: WatchDeps, task: Input<'plan'>): Promise<WatchPageState> {
  const { instanceId, trigger } = task.input;
  const settings = await deps.instanceSettings(instanceId);
  const startedAt = frozenClock(deps.clock).now().toISOString();
  const notWatched = notWatchedReason(settings);
  if (notWatched) return notStarted(measurementRunId(startedAt, task.execution.name), instanceId, notWatched);
  const modelIds = watchedModelIds(settings, await (await deps.stt(instanceId)).listLanguageModels());
  let expectedMinutes = 0;
  for (const id of modelIds)
    expectedMinutes += (await deps.history.watch.latest(instanceId, id))?.audioMinutes ?? 0;
  const planned = planWatchRun({
    instanceId,
    trigger,
    startedAt,
    executionName: task.execution.name,
    monthlyMinutesCap: settings.watch.monthlyMinutesCap,
    modelIds,
    expectedMinutes,
    minutesThisMonth: await deps.history.watch.minutesOfMonth(instanceId, startedAt.slice(0, 7)),
  });
  if (planned.start) {
    await deps.history.watch.startRun(planned.run, planned.pages);
    return planned.state;
  }
  const stopped = await deps.history.watch.startRun(planned.run, []);
  deps.metrics?.record(watchMetricPoints(stopped));
  await deps.notifier?.notify(planned.notice);
  return planned.state;
}

async function page(deps: WatchDeps, task: Input<'page'>): Promise<WatchPageState> {
  const run = await deps.history.watch.requireRun(task.instanceId, task.watchRunId);
  const models = (await deps.history.watch.page(task.instanceId, task.watchRunId, task.nextPage)) ?? [];
  return pageState(run, task.nextPage, models);
}

async function measure(deps: WatchDeps, task: Input<'measure'>): Promise<{ verdict: string }> {
  const { instanceId, customizationId, watchRunId } = task;
  const already = await deps.history.watch.measurement(instanceId, customizationId, watchRunId);
  if (already) return { verdict: already.comparison?.verdict ?? 'steady' };
  const settings = await deps.instanceSettings(instanceId);
  const model = await (await deps.stt(instanceId)).getLanguageModel(customizationId);
  const testSet = testSetFor(settings.testSets, customizationId, model.baseModelName);
  if (!testSet)
    throw new InvalidInputError('Accuracy watch', [`model ${customizationId} has no test set any more`]);
  const query = watchQuery(model, settings.watch.recognition);
  const { recognised, warnings } = await recognisePinned(
    deps.testSet(testSet),
    await deps.pinnedRecognizer(instanceId),
    query.parameters,
    settings.watch.recognitionConcurrency,
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
  const outcome = measurementOutcome(
    result,
    settings.watch.pricePerMinuteUsd,
    deps.bucket?.where(watchRunReportKey(instanceId, watchRunId)),
  );
  if (!(await deps.history.watch.record(result.measurement))) return { verdict: 'steady' };
  if (outcome.newBaseline) await deps.history.watch.setBaseline(instanceId, customizationId, watchRunId);
  else await deps.history.watch.setAlert(instanceId, customizationId, outcome.alert);
  if (outcome.notice) await deps.notifier?.notify(outcome.notice);
  const run = await deps.history.watch.requireRun(instanceId, watchRunId);
  await deps.history.watch.count(instanceId, watchRunId, run.startedAt.slice(0, 7), outcome.count);
  return { verdict: outcome.verdict };
}

async function measureFailed(deps: WatchDeps, task: Input<'measure-failed'>): Promise<{ verdict: string }> {
  const failure = measurementFailure(task, frozenClock(deps.clock).now().toISOString());
  if (await deps.history.watch.recordFailure(failure)) {
    const run = await deps.history.watch.requireRun(task.instanceId, task.watchRunId);
    await deps.history.watch.count(task.instanceId, task.watchRunId, run.startedAt.slice(0, 7), {
      verdict: 'failed',
      audioMinutes: 0,
      priceUsd: 0,
    });
  }
  return { verdict: 'failed' };
}

async function summarize(deps: WatchDeps, task: Input<'summarize'>): Promise<WatchRun> {
  const { instanceId, watchRunId } = task;
  const now = frozenClock(deps.clock).now();
  const run = await deps.history.watch.finishRun(instanceId, watchRunId, {
    outcome: 'done',
    endedAt: now.toISOString(),
  });
  deps.metrics?.record(watchMetricPoints(run));
  if (!deps.bucket || !watchRunWantsReport(run)) return run;
  const settings = await deps.instanceSettings(instanceId);
  const published = await publishWatchRunReport(
    { history: deps.history, watchTranscripts: deps.transcripts, bucket: deps.bucket },
    instanceId,
    watchRunId,
    settings.watch.maxWerIncrease,
    now,
  );
  const report =
    'notWritten' in published
      ? published
      : { uri: published.uri, ...(published.consoleLink && { consoleLink: published.consoleLink }) };
  await deps.history.watch.noteReport(instanceId, watchRunId, report);
  return { ...run, report };
}

export const handler = lambdaHandler(awsWatchDeps, accuracyWatch);
