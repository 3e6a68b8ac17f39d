import { type UpgradeAttempt, upgradeAttemptSchema } from '#core/history/history-records.js';
import type { FleetRunReportInput, StoredUtterance } from '#core/report/index.js';
import { type VerificationRecord, verificationRecordSchema } from '#core/verification/index.js';

/**
 * A fleet run as the history records it: three verified models. `claims` regressed (its new
 * version drops, swaps and adds words), `support` improved, `notes` was retrained last month
 * and is measured by the watch.
 */
export const BASE = 'en-US_BroadbandModel';
export const OLD = `${BASE}.v2020-01-16`;
export const NEW = `${BASE}.v2026-12-01`;
export const RUN = 'release-fixture';
export const ids = {
  claims: '0f000000-0000-4000-8000-000000000001',
  support: '0f000000-0000-4000-8000-000000000002',
  notes: '0f000000-0000-4000-8000-000000000003',
  unverified: '0f000000-0000-4000-8000-000000000004',
} as const;

function attempt(customizationId: string, runId: string, at: string, steps: string[]): UpgradeAttempt {
  return upgradeAttemptSchema.parse({
    type: 'upgrade-attempt',
    runId,
    instanceId: 'cloud',
    customizationId,
    kind: 'language',
    modelName: nameOf(customizationId),
    baseModelName: BASE,
    trigger: { type: 'release', id: 'fixture' },
    statusBefore: 'available',
    versionBefore: OLD,
    versionAfter: NEW,
    outcome: 'upgraded',
    steps,
    startedAt: at,
    endedAt: new Date(Date.parse(at) + 20 * 60_000).toISOString(),
    polls: 3,
    retries: 0,
    revision: 2,
  });
}

const nameOf = (id: string) => Object.entries(ids).find(([, value]) => value === id)?.[0] ?? id;

function verification(
  customizationId: string,
  runId: string,
  outcome: 'passed' | 'regressed' | 'unverified',
  wers: [number, number] | null,
  verifiedAt: string,
): VerificationRecord {
  const score = (version: string, wer: number) => ({
    version,
    wer,
    substitutions: 1,
    deletions: 1,
    insertions: 1,
    referenceWords: 20,
    unit: 'word',
    sentenceErrorRate: 0.5,
  });
  return verificationRecordSchema.parse({
    runId,
    instanceId: 'cloud',
    customizationId,
    kind: 'language',
    modelName: nameOf(customizationId),
    baseModelName: BASE,
    outcome,
    ...(outcome === 'unverified' && { reason: 'no test set is configured for the model' }),
    testSet: wers ? `${nameOf(customizationId)}-set` : null,
    utterances: wers ? 3 : 0,
    audioMinutes: 0.1,
    utterancesOfUnknownLength: 0,
    recognitionRequests: wers ? 6 : 0,
    ...(wers && { old: score(OLD, wers[0]), new: score(NEW, wers[1]), werDelta: wers[1] - wers[0] }),
    maxWerIncrease: 0.01,
    warnings: [],
    wordsLost: outcome === 'regressed' ? [{ word: 'claim', count: 1 }] : [],
    ...(wers && { transcripts: `_upgrader/transcripts/verifications/${runId}/${customizationId}/` }),
    verifiedAt,
  });
}

/** The regression's utterances: one unchanged, one with a deletion and a substitution, one with an insertion. */
export const claimsUtterances: StoredUtterance[] = [
  {
    index: 0,
    reference: 'please call me back tomorrow',
    old: { transcript: 'please call me back tomorrow' },
    new: { transcript: 'please call me back tomorrow' },
  },
  {
    index: 1,
    reference: 'i want to check my claim status today',
    old: { transcript: 'i want to check my claim status today' },
    new: { transcript: 'i want to check my clam status' },
  },
  {
    index: 2,
    reference: 'the form is on the letter',
    old: { transcript: 'the form is on the letter' },
    new: { transcript: 'the form is on the the letter' },
  },
];

const at = {
  retrain: '2026-11-02T10:00:00.000Z',
  retrainVerified: '2026-11-02T10:30:00.000Z',
  run: '2026-12-01T09:00:00.000Z',
  verified: '2026-12-01T09:40:00.000Z',
};

export function fixtureRun(): FleetRunReportInput {
  const claims = verification(ids.claims, RUN, 'regressed', [0.05, 0.2], at.verified);
  const support = verification(ids.support, RUN, 'passed', [0.1, 0.05], at.verified);
  const notesEarlier = verification(ids.notes, 'retrain-run', 'passed', [0.12, 0.1], at.retrainVerified);
  const notes = verification(ids.notes, RUN, 'passed', [0.11, 0.09], at.verified);
  const unverified = verification(ids.unverified, RUN, 'unverified', null, at.verified);
  const series = (id: string, attempts: UpgradeAttempt[], verifications: VerificationRecord[]) => ({
    instanceId: 'cloud',
    customizationId: id,
    modelName: nameOf(id),
    baseModelName: BASE,
    attempts,
    verifications,
    measurements: [] as { at: string; wer: number | null; version: string }[],
  });
  return {
    run: {
      fleetRunId: RUN,
      trigger: { type: 'release', id: 'fixture' },
      dryRun: false,
      startedAt: at.run,
      endedAt: '2026-12-01T10:00:00.000Z',
    },
    summary: {
      fleetRunId: RUN,
      status: 'AllUnitsSucceeded',
      dryRun: false,
      units: { planned: 4, succeeded: 4, failed: 0, unreported: 0, notStarted: 0 },
      models: {
        upgraded: 4,
        skipped: 0,
        failed: 0,
        verification: { passed: 2, regressed: 1, invalid: 0, unverified: 1 },
      },
      stoppedAfterRegressions: null,
      opaqueVersions: 0,
      failedUnits: [],
      unreachableInstances: [],
      unreportedUnits: [],
      message: '4 of 4 unit(s) succeeded; verified 3 upgrade(s): 2 passed, 1 regressed, 0 invalid',
    },
    verifications: [claims, support, notes, unverified],
    series: [
      series(ids.claims, [attempt(ids.claims, RUN, at.run, ['upgrade'])], [claims]),
      series(ids.support, [attempt(ids.support, RUN, at.run, ['upgrade'])], [support]),
      {
        ...series(
          ids.notes,
          [
            attempt(ids.notes, RUN, at.run, ['upgrade']),
            attempt(ids.notes, 'retrain-run', at.retrain, ['retrain']),
          ],
          [notesEarlier, notes],
        ),
        measurements: [
          { at: '2026-11-16T00:00:00.000Z', wer: 0.1, version: NEW },
          { at: '2026-11-23T00:00:00.000Z', wer: 0.11, version: NEW },
          { at: '2026-11-30T00:00:00.000Z', wer: null, version: NEW },
        ],
      },
    ],
    transcripts: new Map([[`${RUN}/${ids.claims}`, { utterances: claimsUtterances }]]),
    generatedAt: '2026-12-01T10:05:00.000Z',
  };
}
