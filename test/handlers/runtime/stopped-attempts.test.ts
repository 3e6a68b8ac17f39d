import { describe, expect, it } from 'vitest';
import { functionTimeoutSeconds, unitFunctionCalls } from '#core/contract/lambda-tasks/function-timeouts.js';
import type { UnitRun, UpgradeAttempt } from '#core/history/history-records.js';
import type { CustomModel } from '#core/model/custom-model.js';
import type { StoppedRunNote } from '#core/stopping/stopped-note.js';
import { settleModelAttempts, settleNotedAttempts } from '#handlers/runtime/stopped-attempts.js';

const instanceId = 'prod';
const customizationId = '2a000000-0000-4000-8000-000000000001';
const runId = 'stopped-run';
const closedAt = '2026-12-04T10:00:00.000Z';
const oldVersion = 'en-US_BroadbandModel.v2020-01-16';
/** The start function's timeout after the close: no task of the stopped run can act after it. */
const quiet = new Date(
  Date.parse(closedAt) + functionTimeoutSeconds(unitFunctionCalls['start-upgrade']) * 1000,
);

/**
 * The history a settler reads and writes, in memory: one run closed at `closedAt`, its attempt on one
 * model left open after its upgrade request, and the closer's note. What it writes is kept to read back.
 */
function stoppedRunHistory() {
  const attempt = {
    runId,
    instanceId,
    customizationId,
    startedAt: '2026-12-04T09:50:00.000Z',
    versionBefore: oldVersion,
    outcome: 'in-progress',
    steps: ['upgrade'],
  } as unknown as UpgradeAttempt;
  const run = { runId, instanceId, outcome: 'failed', endedAt: closedAt } as unknown as UnitRun;
  const note: StoppedRunNote = {
    type: 'stopped-run-note',
    instanceId,
    customizationId,
    runId,
    closedAt,
    requests: [],
  };
  const ended: Partial<UpgradeAttempt>[] = [];
  const removed: string[] = [];
  const history = {
    modelHistory: async () => [attempt],
    getRun: async (id: string) => (id === runId ? run : undefined),
    updateAttempt: async (_: unknown, change: Partial<UpgradeAttempt>) => {
      ended.push(change);
      return { ...attempt, ...change };
    },
    recordStep: async () => ({ recorded: true }),
    recordLanguageModelStep: async () => undefined,
    stopped: {
      onInstance: async () => (removed.length > 0 ? [] : [note]),
      get: async () => (removed.length > 0 ? undefined : note),
      remove: async (n: StoppedRunNote) => void removed.push(n.runId),
    },
  } as unknown as Parameters<typeof settleNotedAttempts>[0];
  return { history, ended, removed };
}

/** The model as IBM shows it before the stopped run's request arrived: available, on its old version. */
const unchanged = {
  customizationId,
  kind: 'language',
  status: 'available',
  baseModelName: 'en-US_BroadbandModel',
  versions: [oldVersion],
  updated: '2026-12-04T09:00:00.000Z',
} as unknown as CustomModel;

describe("the planner's settling of a stopped run's attempts", () => {
  it('leaves the attempt open when its listing was taken before the run could no longer act', async () => {
    const { history, ended, removed } = stoppedRunHistory();
    const listing = { models: [unchanged], listedAt: new Date(quiet.getTime() - 1000) };
    await settleNotedAttempts(history, instanceId, listing, () => undefined, quiet);
    expect(ended).toEqual([]);
    expect(removed).toEqual([]);
  });

  it('settles it from a listing taken once no task of the run can act, and drops the note', async () => {
    const { history, ended, removed } = stoppedRunHistory();
    await settleNotedAttempts(
      history,
      instanceId,
      { models: [unchanged], listedAt: quiet },
      () => undefined,
      quiet,
    );
    expect(ended).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        reason: 'its run stopped and IBM left the model as it was',
      }),
    ]);
    expect(removed).toEqual([runId]);
  });
});

describe("a unit's settling of the attempts on the model it checks", () => {
  it('goes by when the model was read, not when it settles', async () => {
    const early = stoppedRunHistory();
    const scope = { runId: 'next-run', instanceId };
    await settleModelAttempts(
      early.history,
      scope,
      { model: unchanged, readAt: new Date(closedAt) },
      undefined,
      quiet,
    );
    expect(early.ended).toEqual([]);
    const late = stoppedRunHistory();
    await settleModelAttempts(late.history, scope, { model: unchanged, readAt: quiet }, undefined, quiet);
    expect(late.ended).toEqual([expect.objectContaining({ outcome: 'failed' })]);
  });
});
