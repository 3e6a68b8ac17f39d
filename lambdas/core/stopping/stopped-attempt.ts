import { functionTimeoutSeconds, unitFunctionCalls } from '../contract/lambda-tasks/function-timeouts.js';
import { ErrorName, UpgradeStep } from '../contract/workflow-contract.js';
import type { UnitRun, UpgradeAttempt } from '../history/history-records.js';
import type { CustomModel } from '../model/custom-model.js';
import { currentVersionEntry } from '../unit/language-model-step.js';
import type { NotedRequest } from './stopped-note.js';

/** How an attempt left open by a run that ended is closed, once the model shows what IBM did. */
export interface StoppedAttemptEnd {
  readonly outcome: 'upgraded' | 'failed';
  readonly endedAt: string;
  readonly reason: string;
  readonly versionAfter?: string;
  readonly error?: string;
}

/** What the next run that reads the model knows of a stopped run's attempt on it. */
export interface StoppedAttemptReading {
  /** The stopped run's attempt on the model; absent when the run ended before it reached the model. */
  readonly attempt: Pick<UpgradeAttempt, 'outcome' | 'versionBefore' | 'steps' | 'startedAt'> | undefined;
  readonly run: Pick<UnitRun, 'outcome' | 'endedAt'> | undefined;
  /** The model as IBM lists it now; absent when IBM no longer has it. */
  readonly model: Pick<CustomModel, 'status' | 'versions' | 'baseModelName' | 'updated'> | undefined;
  /** When the model was read: a reading older than the run's end may predate what the run asked. */
  readonly modelReadAt: Date;
  /** Requests the run had noted on its claims before it asked IBM (kept by the closer). */
  readonly requests: readonly NotedRequest[];
  /** The custom language model an acoustic model was trained with: it owes IBM's third step on each version. */
  readonly pairedWith?: string | undefined;
}

/**
 * `wait`: the run may still act, or IBM is still at work: look again at the next read of the model.
 * `settled`: nothing is left open; `end` closes the attempt, `languageModelStep` records the
 * with-language-model step IBM finished for the stopped run, under its id.
 */
export type StoppedAttemptSettlement =
  | { readonly kind: 'wait' }
  | {
      readonly kind: 'settled';
      readonly end?: StoppedAttemptEnd;
      /** Requests the run noted and IBM carried out, though the run was stopped before it recorded them. */
      readonly unrecordedSteps?: readonly NotedRequest[];
      readonly languageModelStep?: { readonly version: string; readonly languageModelId: string };
    };

/** The longest a start task of a closed run may still act: its function's timeout. */
const START_FUNCTION_TIMEOUT_SECONDS = functionTimeoutSeconds(unitFunctionCalls['start-upgrade']);

const FORCED = '-forced';
/** The step an attempt's step name stands for: `...-forced` is the same step, sent with `force`. */
const baseStep = (name: string) => (name.endsWith(FORCED) ? name.slice(0, -FORCED.length) : name);

/**
 * An attempt still `in-progress` whose run has ended (stopped, timed out, failed before its summary)
 * is settled by the next run that reads the model, once IBM has finished: what IBM finished for the
 * stopped run is recorded as that run's. A paired acoustic model whose run stopped after the first
 * step is upgraded but still owes its with-language-model step: its attempt fails, and the next run
 * does that step and records the model upgraded, so exactly one run records it upgraded.
 */
export function settleStoppedAttempt(reading: StoppedAttemptReading, now: Date): StoppedAttemptSettlement {
  const { attempt, run, model } = reading;
  // A run the history cannot show ended (still running, or its record not read) may still act.
  if (run === undefined || run.outcome === 'running') return { kind: 'wait' };
  if (attempt?.outcome !== 'in-progress') return { kind: 'settled' };
  if (run.endedAt !== undefined && readBeforeRunStoppedActing(reading.modelReadAt, run.endedAt))
    return { kind: 'wait' };
  const endedAt = now.toISOString();
  const failed = (reason: string, versionAfter?: string | null): StoppedAttemptSettlement => ({
    kind: 'settled',
    end: {
      outcome: 'failed',
      endedAt,
      error: ErrorName.RunAbandoned,
      reason,
      ...(versionAfter ? { versionAfter } : {}),
    },
  });
  if (!model) return failed('its run stopped and IBM no longer has the model');
  if (model.status === 'upgrading' || model.status === 'training') return { kind: 'wait' };
  const recorded = attempt.steps.map(baseStep);
  // A run stopped between its request and its record of it: the request noted on its claim says it asked.
  const unrecordedSteps = [...reading.requests]
    .filter((request) => !recorded.includes(request.step))
    .sort((a, b) => a.at.localeCompare(b.at));
  const step = unrecordedSteps.at(-1)?.step ?? recorded.at(-1);
  if (step === undefined) return failed('its run stopped before it asked IBM for the upgrade');
  const version = currentVersionEntry(model);
  const newVersion = version !== null && version !== attempt.versionBefore;
  if (!finished(step, newVersion, model.updated, reading.requests, attempt.startedAt))
    return failed('its run stopped and IBM left the model as it was');
  const asked = unrecordedSteps.length > 0 ? { unrecordedSteps } : {};
  if (step === UpgradeStep.Upgrade && reading.pairedWith)
    return {
      ...failed(
        'its run stopped after IBM finished the first step; the with-language-model step is left to the next run',
        version,
      ),
      ...asked,
    };
  return {
    kind: 'settled',
    ...asked,
    end: {
      outcome: 'upgraded',
      endedAt,
      reason: 'IBM finished the upgrade after its run had stopped',
      ...(version ? { versionAfter: version } : {}),
    },
    ...(step === UpgradeStep.UpgradeWithLanguageModel && reading.pairedWith && version
      ? { languageModelStep: { version, languageModelId: reading.pairedWith } }
      : {}),
  };
}

/**
 * Step Functions does not stop a running Lambda: a start task of the run may send its request up to
 * its function's timeout after the execution ended, so after the closer closed the run too. A model
 * read before then (a planner's listing, minutes long, or a read racing that task) may not show the
 * request yet: only a later reading can say IBM did nothing.
 */
function readBeforeRunStoppedActing(modelReadAt: Date, runEndedAt: string): boolean {
  const lastAct = Date.parse(runEndedAt) + START_FUNCTION_TIMEOUT_SECONDS * 1000;
  return modelReadAt.getTime() < lastAct;
}

/**
 * Whether IBM finished the run's last step: the first step adds a version; the others (with the
 * language model, retraining) show only as `updated` moving past the request the run noted, or,
 * where its note was lost, past the attempt's start.
 */
function finished(
  step: string,
  newVersion: boolean,
  updated: string | undefined,
  requests: readonly NotedRequest[],
  startedAt: string,
): boolean {
  if (step === UpgradeStep.Upgrade) return newVersion;
  if (updated === undefined) return false;
  const noted = requests.find((request) => request.step === step);
  const before = noted ? noted.updatedBefore : startedAt;
  return before === null || Date.parse(updated) > Date.parse(before);
}
