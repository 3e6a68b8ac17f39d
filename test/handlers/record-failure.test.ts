import { describe, expect, it } from 'vitest';
import type { UnitRun, UpgradeAttempt } from '#core/history/history-records.js';
import type { NewAttempt } from '#core/history/inputs.js';
import type { ModelTask } from '#core/unit/unit-state.js';
import { recordFailure } from '#handlers/record-failure.js';
import type { HistoryWriter } from '#handlers/runtime/history-writer.js';
import {
  acousticModelId,
  acousticRef,
  clockAt,
  languageModelId,
  languageRef,
  later,
  modelTask,
  requestedProgress,
  startedAt,
} from '#test/core/unit/steps/unit-step-fixtures.js';

/**
 * The history ports in memory: a handler that depends on them runs without DynamoDB. Attempts are
 * kept by model and start, claims as the runs holding them; what the table adds (keys, revisions
 * by condition) belongs to the store's own tests on dynalite.
 */
class InMemoryHistory implements HistoryWriter {
  /** Runs by id; the task's run is recorded running, as its first state left it. */
  readonly runs = new Map<string, UnitRun>();
  readonly attempts = new Map<string, UpgradeAttempt>();
  /** Which run holds a claim on which model, one entry per claim. */
  readonly claims: { customizationId: string; runId: string }[] = [];

  async getRun(runId: string): Promise<UnitRun | undefined> {
    return this.runs.get(runId);
  }

  async startAttempt(attempt: NewAttempt): Promise<UpgradeAttempt> {
    const key = `${attempt.customizationId}@${attempt.startedAt}`;
    const stored = this.attempts.get(key) ?? {
      ...attempt,
      type: 'upgrade-attempt',
      outcome: 'in-progress',
      steps: [],
      polls: 0,
      retries: 0,
      revision: 1,
    };
    this.attempts.set(key, stored);
    return stored;
  }

  async updateAttempt(
    key: { customizationId: string; startedAt: string },
    change: Partial<UpgradeAttempt>,
  ): Promise<UpgradeAttempt> {
    const id = `${key.customizationId}@${key.startedAt}`;
    const stored = this.attempts.get(id);
    if (!stored) throw new Error(`no attempt ${id}`);
    const updated = { ...stored, ...change, revision: stored.revision + 1 };
    this.attempts.set(id, updated);
    return updated;
  }

  async recordStep(): Promise<{ recorded: boolean }> {
    return { recorded: true };
  }

  async forgetRequest(): Promise<void> {}

  async releaseClaims(_instanceId: string, customizationId: string, runId: string): Promise<number> {
    const held = this.claims.filter((c) => c.customizationId === customizationId && c.runId === runId);
    for (const claim of held) this.claims.splice(this.claims.indexOf(claim), 1);
    return held.length;
  }

  async recordLanguageModelStep(): Promise<void> {}
}

const failedAt = later(startedAt, 90);
const lambdaCause = JSON.stringify({ errorType: 'SttError', errorMessage: 'IBM answered 503 twice' });

function historyOfRunning(task: ModelTask): InMemoryHistory {
  const history = new InMemoryHistory();
  const { runId, instanceId, trigger, dryRun, startedAt } = task.run;
  history.runs.set(runId, {
    type: 'unit-run',
    runId,
    instanceId,
    trigger,
    dryRun,
    startedAt,
    outcome: 'running',
    modelIds: [task.model.customizationId],
  });
  return history;
}

function failureOf(task: ModelTask, cause: string | null) {
  return { ...task, failure: { Error: 'SttUnavailable', Cause: cause } };
}

describe('record-failure against an in-memory history', () => {
  it('closes the attempt its first check opened as failed, with the message of the cause, and frees its claims', async () => {
    const task = modelTask(languageRef(), requestedProgress());
    const history = historyOfRunning(task);
    await history.startAttempt({
      runId: task.run.runId,
      instanceId: task.run.instanceId,
      customizationId: languageModelId,
      kind: 'language',
      modelName: 'claims-vocabulary',
      baseModelName: 'en-US_BroadbandModel',
      trigger: task.run.trigger,
      statusBefore: 'available',
      versionBefore: null,
      startedAt,
    });
    history.claims.push(
      { customizationId: languageModelId, runId: task.run.runId },
      { customizationId: languageModelId, runId: 'another-run' },
    );

    const output = await recordFailure({ history, clock: clockAt(failedAt) })(failureOf(task, lambdaCause));

    expect(output).toMatchObject({ model: { customizationId: languageModelId } });
    expect([...history.attempts.values()]).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        error: 'SttUnavailable',
        reason: 'IBM answered 503 twice',
        endedAt: failedAt,
        modelName: 'claims-vocabulary',
      }),
    ]);
    expect(history.claims).toEqual([{ customizationId: languageModelId, runId: 'another-run' }]);
  });

  it('opens an attempt for a model that failed before its first check, stamped with the failure', async () => {
    const task = modelTask(acousticRef(false));
    const history = historyOfRunning(task);

    await recordFailure({ history, clock: clockAt(failedAt) })(failureOf(task, null));

    expect([...history.attempts.values()]).toEqual([
      expect.objectContaining({
        customizationId: acousticModelId,
        startedAt: failedAt,
        statusBefore: 'unknown',
        outcome: 'failed',
        reason: 'no cause given',
      }),
    ]);
  });
});
