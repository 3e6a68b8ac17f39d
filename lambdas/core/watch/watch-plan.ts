import type { Notice } from '../contract/notifier.js';
import type { CustomModel } from '../model/custom-model.js';
import { type InstanceSettings, testSetFor, watchEnabled } from '../settings/instance-settings.js';
import { decideOnCap } from './monthly-cap.js';
import {
  type MeasurementFailure,
  measurementRunId,
  WATCH_PAGE_SIZE,
  type WatchPageState,
  type WatchRun,
} from './watch-run.js';

type Watched = Pick<InstanceSettings, 'testSets' | 'watch'>;

/** Why the watch does not run on an instance at all (nothing is recorded then), or undefined. */
export function notWatchedReason(settings: Watched): string | undefined {
  if (watchEnabled(settings)) return undefined;
  return settings.watch.enabled ? 'no model of the instance has a test set' : 'the watch is switched off';
}

/** The models a run measures: every trained custom language model with a test set. */
export function watchedModelIds(
  settings: Watched,
  models: readonly Pick<CustomModel, 'customizationId' | 'baseModelName' | 'status'>[],
): string[] {
  return models
    .filter(
      (model) =>
        model.status === 'available' &&
        testSetFor(settings.testSets, model.customizationId, model.baseModelName) !== null,
    )
    .map((model) => model.customizationId);
}

/** What the plan phase stores and returns: the run and its pages, or a run the cap stopped and its notice. */
export type WatchPlan =
  | {
      readonly start: true;
      readonly run: WatchRun;
      readonly pages: string[][];
      readonly state: WatchPageState;
    }
  | {
      readonly start: false;
      readonly run: WatchRun;
      readonly notice: Notice;
      readonly state: WatchPageState;
    };

/**
 * Plans a run: its id (its start time first, so runs and measurements sort by date), the monthly
 * cap's decision, and the watched models in pages of `WATCH_PAGE_SIZE` ids.
 */
export function planWatchRun(input: {
  readonly instanceId: string;
  readonly trigger: WatchRun['trigger'];
  readonly startedAt: string;
  readonly executionName: string;
  readonly monthlyMinutesCap: number | undefined;
  readonly modelIds: readonly string[];
  /** Each watched model's last measured audio minutes, summed. */
  readonly expectedMinutes: number;
  readonly minutesThisMonth: number;
}): WatchPlan {
  const { instanceId, startedAt, modelIds } = input;
  const watchRunId = measurementRunId(startedAt, input.executionName);
  const run = emptyRun({ watchRunId, instanceId, trigger: input.trigger, startedAt });
  const month = startedAt.slice(0, 7);
  const cap = decideOnCap({ ...input, month });
  if (!cap.start) {
    return {
      start: false,
      run: { ...run, models: modelIds.length, outcome: 'stopped', reason: cap.reason, endedAt: startedAt },
      notice: {
        subject: `STT accuracy watch did not run on ${instanceId}`,
        message: `The accuracy watch of instance ${instanceId} did not start: ${cap.reason}.`,
      },
      state: notStarted(watchRunId, instanceId, cap.reason),
    };
  }
  const pages: string[][] = [];
  for (let i = 0; i < modelIds.length; i += WATCH_PAGE_SIZE)
    pages.push(modelIds.slice(i, i + WATCH_PAGE_SIZE));
  return {
    start: true,
    run: { ...run, models: modelIds.length, pages: pages.length },
    pages,
    state: { watchRunId, instanceId, stopped: false, models: [], nextPage: 1, hasNextPage: pages.length > 0 },
  };
}

/** The state of a run that does not start. */
export function notStarted(watchRunId: string, instanceId: string, reason: string): WatchPageState {
  return { watchRunId, instanceId, stopped: true, reason, models: [], nextPage: 1, hasNextPage: false };
}

function emptyRun(base: Pick<WatchRun, 'watchRunId' | 'instanceId' | 'trigger' | 'startedAt'>): WatchRun {
  return {
    ...base,
    outcome: 'running',
    pages: 0,
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

/** The state after fetching page `page` of a run's model ids. */
export function pageState(
  run: Pick<WatchRun, 'watchRunId' | 'instanceId' | 'pages'>,
  page: number,
  models: readonly string[],
): WatchPageState {
  return {
    watchRunId: run.watchRunId,
    instanceId: run.instanceId,
    stopped: false,
    models,
    nextPage: page + 1,
    hasNextPage: page < run.pages,
  };
}

/** A measurement the Map's Catch gave up on, as the run records it (its cause cut to 500 characters). */
export function measurementFailure(
  task: Pick<MeasurementFailure, 'watchRunId' | 'instanceId' | 'customizationId'> & {
    readonly failure?:
      | { readonly Error?: string | undefined; readonly Cause?: string | undefined }
      | undefined;
  },
  failedAt: string,
): MeasurementFailure {
  return {
    watchRunId: task.watchRunId,
    instanceId: task.instanceId,
    customizationId: task.customizationId,
    error: task.failure?.Error ?? 'Unknown',
    cause: (task.failure?.Cause ?? '').slice(0, 500),
    failedAt,
  };
}
