import { ErrorName } from '../contract/workflow-contract.js';
import type { ModelStatus } from '../model/custom-model.js';
import { expectedUpgradeSeconds, nextPollDelaySeconds, type PollPolicy } from '../unit/poll-policy.js';
import type { MigrationRecord } from './migration-record.js';
import type { MigrationStop } from './steps.js';

/** Before the first poll the policy has nothing to go on but the expectation; this is its floor. */
const FIRST_WAIT_FALLBACK_SECONDS = 10;

const expectedSeconds = (record: Pick<MigrationRecord, 'words'>, policy: PollPolicy) =>
  expectedUpgradeSeconds({ kind: 'language', wordCount: record.words.length }, policy);

/** The next wait for training, from the poll policy; the poll budget spent stops the migration. */
export function trainingWait(
  record: Pick<MigrationRecord, 'words' | 'trainRequestedAt' | 'trainPolls'>,
  now: Date,
  policy: PollPolicy,
): { readonly action: 'wait'; readonly seconds: number } | MigrationStop {
  const started = Date.parse(record.trainRequestedAt ?? now.toISOString());
  const decision = nextPollDelaySeconds(
    {
      kind: 'language',
      expectedSeconds: expectedSeconds(record, policy),
      elapsedSeconds: Math.max(0, (now.getTime() - started) / 1000),
      pollsSoFar: record.trainPolls,
    },
    policy,
  );
  if (decision.action === 'budget-exhausted') {
    return {
      action: 'stop',
      error: ErrorName.PollBudgetExhausted,
      reason: 'training outlasted the poll budget; run again to go on',
    };
  }
  return { action: 'wait', seconds: decision.seconds };
}

/** The first wait after the train request, from the poll policy's expectation. */
export function firstTrainingWaitSeconds(record: Pick<MigrationRecord, 'words'>, policy: PollPolicy): number {
  const decision = nextPollDelaySeconds(
    { kind: 'language', expectedSeconds: expectedSeconds(record, policy), elapsedSeconds: 0, pollsSoFar: 0 },
    policy,
  );
  return decision.action === 'wait' ? decision.seconds : FIRST_WAIT_FALLBACK_SECONDS;
}

/** After a lost answer to `train`: a model training, or already trained, shows IBM took the request. */
export const trainingTaken = (status: ModelStatus) => status === 'training' || status === 'available';

/**
 * What the record notes once IBM shows the model trained: when training finished, if this
 * migration asked for it and has not noted it yet; nothing otherwise (a re-run meets it noted).
 */
export function trainingFinished(
  record: Pick<MigrationRecord, 'trainRequestedAt' | 'trainedAt'>,
  now: Date,
): Pick<MigrationRecord, 'trainedAt'> | undefined {
  if (record.trainRequestedAt === undefined || record.trainedAt !== undefined) return undefined;
  return { trainedAt: now.toISOString() };
}
