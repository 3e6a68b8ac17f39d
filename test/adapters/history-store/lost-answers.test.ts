import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetUnitOutcome } from '#core/fleet/fleet-records.js';
import type { VerificationRecord } from '#core/verification/verification-record.js';
import type { DynamoAnswerLoss, DynamoRequest } from '#local/dynamodb/index.js';
import {
  acousticModelId,
  type HistoryFixture,
  instanceId,
  languageModelId,
  newAttempt,
  startHistoryFixture,
  trigger,
  twoUnitFleetPlan,
} from './history-fixture.js';

/**
 * DynamoDB may apply a write and then lose its answer; the SDK sends the write again. Each kind of
 * write the history makes must give the right result when that happens: these tests lose the answer
 * of exactly that write, once, and look at what the store returned and what the table holds.
 */
let fixture: HistoryFixture;
beforeAll(async () => {
  fixture = await startHistoryFixture({ faults: {} });
});
afterAll(() => fixture.stop());

type WireKey = { pk?: { S?: string }; sk?: { S?: string } };

/** The key a low-level DynamoDB request writes to, as `pk sk`. */
function keyOf(request: DynamoRequest): string {
  const { Item, Key } = request.body as { Item?: WireKey; Key?: WireKey };
  const key = Item ?? Key;
  return `${key?.pk?.S ?? ''} ${key?.sk?.S ?? ''}`;
}

/** Loses the answer of the next `operation` on a key starting with `prefix` (`pk sk`), after applying it. */
function loseNext(operation: string, prefix: string, kind: DynamoAnswerLoss = 'reset') {
  fixture.dynamo.faults?.loseAnswers(
    (request) => request.operation === operation && keyOf(request).startsWith(prefix),
    { kind },
  );
}

const lostSoFar = () => {
  const stats = fixture.dynamo.faults?.stats();
  return (stats?.lostAnswers.reset ?? 0) + (stats?.lostAnswers.serverError ?? 0);
};

/** Runs `write` with one answer lost and checks that the loss really happened. */
async function withLostAnswer<T>(
  operation: string,
  prefix: string,
  kind: DynamoAnswerLoss,
  write: () => Promise<T>,
) {
  const before = lostSoFar();
  loseNext(operation, prefix, kind);
  const result = await write();
  expect(lostSoFar()).toBe(before + 1);
  return result;
}

const claimTarget = (customizationId: string) => ({
  instanceId,
  customizationId,
  upgradeStep: 'upgrade',
  targetKey: 'en-US_Telephony.v2024-01-01',
});

describe('a write whose answer DynamoDB lost', () => {
  it('claim: the claim this run just took is granted to it as a new claim', async () => {
    const result = await withLostAnswer('PutItem', 'CLAIM#', 'reset', () =>
      fixture.store.claim(claimTarget(languageModelId), 'run-claim', '2026-04-01T08:00:00.000Z'),
    );
    expect(result).toEqual({ granted: true, own: false, earlierRequest: null });
    expect(
      await fixture.store.claim(claimTarget(languageModelId), 'run-other', '2026-04-01T08:00:01.000Z'),
    ).toEqual({
      granted: false,
      heldBy: 'run-claim',
      claimedAt: '2026-04-01T08:00:00.000Z',
    });
  });

  it('note of a request, and its removal: both hold on the claim', async () => {
    const target = claimTarget(acousticModelId);
    await fixture.store.claim(target, 'run-note', '2026-04-01T08:00:00.000Z');
    const request = { at: '2026-04-01T08:00:05.000Z', updatedBefore: '2026-04-01T07:00:00.000Z' };
    await withLostAnswer('UpdateItem', 'CLAIM#', 'server-error', () =>
      fixture.store.noteRequest(target, 'run-note', request),
    );
    expect(await fixture.store.claim(target, 'run-note', '2026-04-01T08:00:06.000Z')).toEqual({
      granted: true,
      own: true,
      earlierRequest: request,
    });
    await withLostAnswer('UpdateItem', 'CLAIM#', 'reset', () =>
      fixture.store.forgetRequest(target, 'run-note'),
    );
    expect(await fixture.store.claim(target, 'run-note', '2026-04-01T08:00:07.000Z')).toMatchObject({
      earlierRequest: null,
    });
  });

  it('release of claims: the released claim is counted', async () => {
    const target = { ...claimTarget(languageModelId), targetKey: 'release-test' };
    await fixture.store.claim(target, 'run-release', '2026-04-01T08:00:00.000Z');
    const released = await withLostAnswer('DeleteItem', 'CLAIM#', 'server-error', () =>
      fixture.store.releaseClaims(instanceId, languageModelId, 'run-release'),
    );
    expect(released).toBe(1);
    expect((await fixture.store.claim(target, 'run-after', '2026-04-01T09:00:00.000Z')).granted).toBe(true);
  });

  it('attempt: opened once, and its counters and steps added once', async () => {
    const attempt = newAttempt('run-attempt', languageModelId, '2026-04-01T08:00:00.000Z');
    const opened = await withLostAnswer('PutItem', 'MODEL#', 'reset', () =>
      fixture.store.startAttempt(attempt),
    );
    expect(opened).toMatchObject({ outcome: 'in-progress', polls: 0 });
    const updated = await withLostAnswer('UpdateItem', 'MODEL#', 'reset', () =>
      fixture.store.updateAttempt(
        attempt,
        {},
        { addPolls: 1, addRetries: 2, addLostAnswers: 1, appendStep: 'upgrade' },
      ),
    );
    expect(updated).toMatchObject({ polls: 1, retries: 2, lostAnswers: 1, steps: ['upgrade'], revision: 2 });
    const [stored] = await fixture.store.modelHistory(instanceId, languageModelId);
    expect(stored).toMatchObject({ polls: 1, retries: 2, lostAnswers: 1, steps: ['upgrade'], revision: 2 });
  });

  it('step event: recorded, not taken for an earlier copy', async () => {
    const event = {
      runId: 'run-step',
      customizationId: languageModelId,
      step: 'poll',
      at: '2026-04-01T08:05:00.000Z',
      detail: { polls: 1 },
    };
    const result = await withLostAnswer('PutItem', 'RUN#run-step', 'server-error', () =>
      fixture.store.recordStep(event, 'upgrade-poll-1'),
    );
    expect(result).toEqual({ recorded: true });
    expect(await fixture.store.recordStep(event, 'upgrade-poll-1')).toEqual({ recorded: false });
  });

  it('run: started once, and its end recorded as this call finishing it', async () => {
    const run = {
      runId: 'run-ends',
      instanceId,
      trigger,
      dryRun: false,
      startedAt: '2026-04-01T08:00:00.000Z',
      modelIds: [languageModelId],
    };
    await withLostAnswer('PutItem', 'RUN#run-ends', 'reset', () => fixture.store.startRun(run));
    const end = { outcome: 'succeeded', endedAt: '2026-04-01T09:00:00.000Z' } as const;
    const result = await withLostAnswer('UpdateItem', 'RUN#run-ends', 'server-error', () =>
      fixture.store.finishRun('run-ends', end),
    );
    expect(result).toMatchObject({ finished: true, run: { outcome: 'succeeded' } });
    expect(
      await fixture.store.finishRun('run-ends', { ...end, endedAt: '2026-04-01T09:30:00.000Z' }),
    ).toMatchObject({
      finished: false,
      run: { endedAt: '2026-04-01T09:00:00.000Z' },
    });
  });

  it('release entry: a new entry is reported created, so its event is put', async () => {
    const entry = {
      source: 'lost-answers',
      entryId: '2026-05-01',
      firstSeenAt: '2026-05-02T06:00:00.000Z',
      entry: { models: ['en-US'] },
    };
    const result = await withLostAnswer('PutItem', 'RELEASE#', 'reset', () =>
      fixture.store.putReleaseEntry(entry),
    );
    expect(result.created).toBe(true);
    expect((await fixture.store.putReleaseEntry(entry)).created).toBe(false);
  });

  it('release source: the good check is stored', async () => {
    const check = { source: 'lost-answers', entryCount: 12, checkedAt: '2026-05-02T06:00:00.000Z' };
    await withLostAnswer('UpdateItem', 'RELEASE#', 'server-error', () =>
      fixture.store.recordReleaseSource(check),
    );
    expect(await fixture.store.getReleaseSource('lost-answers')).toMatchObject({ entryCount: 12 });
  });

  it('language model step: recorded', async () => {
    const step = {
      instanceId,
      customizationId: acousticModelId,
      version: 'en-US_Telephony.v2024-01-01',
      languageModelId,
      runId: 'run-lm-step',
      doneAt: '2026-04-01T08:00:00.000Z',
    };
    await withLostAnswer('PutItem', 'LMSTEP#', 'reset', () => fixture.store.recordLanguageModelStep(step));
    expect(await fixture.store.hasLanguageModelStep(instanceId, acousticModelId, step.version)).toBe(true);
  });

  it('fleet plan: the run this call planned is reported created', async () => {
    const result = await withLostAnswer('PutItem', 'FLEET#lost-plan RUN', 'server-error', () =>
      fixture.store.fleet.recordPlan(fleetRun('lost-plan'), [{ page: 1, units: [] }]),
    );
    expect(result.created).toBe(true);
  });

  it('fleet unit outcome: recorded, and a regressed unit counted once on the stop counter', async () => {
    await fixture.store.fleet.recordPlan(fleetRun('lost-outcome'), []);
    const outcome = unitOutcome('lost-outcome', 'unit-run-1');
    const recorded = await withLostAnswer('PutItem', 'FLEET#lost-outcome UNIT#', 'reset', () =>
      fixture.store.fleet.recordUnitOutcome(outcome),
    );
    expect(recorded).toEqual({ recorded: true });
    expect((await fixture.store.fleet.requireRun('lost-outcome')).regressedUnits).toBe(1);

    const second = unitOutcome('lost-outcome', 'unit-run-2', 2);
    await withLostAnswer('UpdateItem', 'FLEET#lost-outcome', 'server-error', () =>
      fixture.store.fleet.recordUnitOutcome(second),
    );
    expect((await fixture.store.fleet.requireRun('lost-outcome')).regressedUnits).toBe(2);
    // The unit's summary retried as a whole by Step Functions counts nothing again.
    expect(await fixture.store.fleet.recordUnitOutcome(second)).toEqual({ recorded: false });
    expect((await fixture.store.fleet.requireRun('lost-outcome')).regressedUnits).toBe(2);
  });

  it('verification record: recorded by this call', async () => {
    await fixture.store.startRun({
      runId: 'run-verify',
      instanceId,
      trigger,
      dryRun: false,
      startedAt: '2026-04-01T08:00:00.000Z',
      modelIds: [languageModelId],
    });
    const result = await withLostAnswer('PutItem', 'VERIFY#', 'reset', () =>
      fixture.store.verification.record(verificationRecord('run-verify')),
    );
    expect(result.recorded).toBe(true);
    expect(await fixture.store.verification.ofRun('run-verify')).toMatchObject([{ outcome: 'passed' }]);
  });
});

function fleetRun(fleetRunId: string) {
  return {
    fleetRunId,
    trigger,
    dryRun: false,
    startedAt: '2026-04-01T08:00:00.000Z',
    plan: twoUnitFleetPlan,
  };
}

function unitOutcome(fleetRunId: string, unitRunId: string, item = 1): Omit<FleetUnitOutcome, 'type'> {
  return {
    fleet: { runId: fleetRunId, page: 1, item },
    unitRunId,
    instanceId,
    modelIds: [languageModelId],
    outcome: 'succeeded',
    upgraded: 1,
    skipped: 0,
    failures: [],
    verification: { passed: 0, regressed: 1, invalid: 0, unverified: 0 },
    endedAt: '2026-04-01T09:00:00.000Z',
  };
}

function verificationRecord(runId: string): VerificationRecord {
  return {
    runId,
    instanceId,
    customizationId: languageModelId,
    kind: 'language',
    modelName: 'call-center',
    baseModelName: 'en-US_Telephony',
    outcome: 'passed',
    testSet: 'calls',
    utterances: 1,
    audioMinutes: 0.1,
    utterancesOfUnknownLength: 0,
    recognitionRequests: 2,
    maxWerIncrease: 0.01,
    warnings: [],
    wordsLost: [],
    verifiedAt: '2026-04-01T09:00:00.000Z',
  };
}
