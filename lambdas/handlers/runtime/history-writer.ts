import type { HistoryStore } from '#adapters/history-store/index.js';
import type { Clock } from '#core/contract/clock.js';
import { attemptOfClosedRun } from '#core/stopping/closed-run.js';
import type { HistoryWrite, StepTransition } from '#core/unit/steps/history-writes.js';
import type { RunContext } from '#core/unit/unit-state.js';

/** The model, run and attempt every write of one unit step is about. */
export interface WriteScope {
  readonly run: Pick<RunContext, 'runId' | 'instanceId' | 'trigger'>;
  readonly customizationId: string;
  readonly attemptStartedAt: string;
}

/**
 * Applies what a core transition asked to record, in order. The one place unit handlers write
 * attempts, steps and claims, so that releasing a claim or recording a step is written once.
 */
export async function writeHistory(
  history: HistoryStore,
  clock: Clock,
  scope: WriteScope,
  writes: readonly HistoryWrite[],
): Promise<void> {
  const { run, customizationId, attemptStartedAt } = scope;
  const key = { instanceId: run.instanceId, customizationId, startedAt: attemptStartedAt, runId: run.runId };
  for (const write of writes) {
    switch (write.kind) {
      case 'open-attempt': {
        await history.startAttempt({ ...key, ...write.attempt, trigger: run.trigger });
        // Read after the write: either the closer's note covers this attempt or this read sees the run closed.
        const closed = attemptOfClosedRun(run.runId, await history.getRun(run.runId), clock.now());
        if (closed) {
          await history.updateAttempt(key, closed.end);
          throw closed.error;
        }
        break;
      }
      case 'update-attempt':
        await history.updateAttempt(key, write.change, write.counters);
        break;
      case 'step':
        await history.recordStep(
          {
            runId: run.runId,
            customizationId,
            step: write.step,
            at: clock.now().toISOString(),
            detail: write.detail,
          },
          write.dedupKey,
        );
        break;
      case 'forget-request':
        await history.forgetRequest(write.target, run.runId);
        break;
      case 'release-claims':
        await releaseClaims(history, run, customizationId);
        break;
      case 'language-model-step-done':
        await history.recordLanguageModelStep({
          instanceId: run.instanceId,
          customizationId,
          version: write.version,
          languageModelId: write.languageModelId,
          runId: run.runId,
          doneAt: clock.now().toISOString(),
        });
        break;
    }
  }
}

/**
 * Gives up the claims a run holds on a model. Every release goes through here: a model's end
 * (skipped, failed, nothing to do), a unit's end, and the closer of abandoned runs.
 */
export function releaseClaims(
  history: Pick<HistoryStore, 'releaseClaims'>,
  run: { readonly runId: string; readonly instanceId: string },
  customizationId: string,
): Promise<number> {
  return history.releaseClaims(run.instanceId, customizationId, run.runId);
}

/** Records what a transition asked for, then hands on its next document or raises its error. */
export async function settle<T>(
  history: HistoryStore,
  clock: Clock,
  scope: WriteScope,
  transition: StepTransition<T>,
): Promise<T> {
  await writeHistory(history, clock, scope, transition.writes);
  if ('fail' in transition) throw transition.fail;
  return transition.next;
}
