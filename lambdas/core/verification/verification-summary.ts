import { modelLabel } from '../model/model-label.js';
import type { VerificationOutcome, VerificationRecord } from './verification-record.js';

export type VerificationCounts = Readonly<Record<VerificationOutcome, number>>;

/** How many verifications ended in each outcome, for the unit and fleet summaries. */
export function countVerifications(
  records: readonly Pick<VerificationRecord, 'outcome'>[],
): VerificationCounts {
  const counts = { passed: 0, regressed: 0, invalid: 0, unverified: 0 };
  for (const record of records) counts[record.outcome]++;
  return counts;
}

/** A rate as a percentage with two decimals, `-` when there is none. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '-' : `${(rate * 100).toFixed(2)}%`;
}

/** Words lost shown in a notice: enough to act on, short enough to read. */
const WORDS_SHOWN = 10;

/**
 * The notification for a regressed model: which model, both word error rates, the words the new
 * version lost, and the exact `base_model_version` value that keeps clients on the old version.
 */
export function regressionNotice(record: VerificationRecord): { subject: string; message: string } {
  const label = modelLabel(record, record.modelName || undefined);
  const oldVersion = record.old?.version ?? 'the old version';
  const lost = record.wordsLost.slice(0, WORDS_SHOWN).map(({ word, count }) => `${word} (${count})`);
  const more = record.wordsLost.length - lost.length;
  const lines = [
    `${label} on instance ${record.instanceId} regressed after its upgrade to ${record.new?.version ?? 'the new version'}.`,
    `Word error rate on test set ${record.testSet ?? '-'}: ${percent(record.old?.wer)} before, ${percent(record.new?.wer)} after (gate: at most ${percent(record.maxWerIncrease)} worse).`,
    `Words lost: ${lost.length === 0 ? 'none' : lost.join(', ')}${more > 0 ? `, and ${more} more` : ''}.`,
    `Until the model is fixed, clients can stay on the old version by passing base_model_version=${oldVersion} on their recognition requests (IBM supports it until it withdraws that version).`,
    `Run ${record.runId}.`,
  ];
  return {
    // SNS subjects are limited to 100 characters.
    subject: `Upgrade regressed: ${record.modelName || record.customizationId}`.slice(0, 100),
    message: lines.join('\n'),
  };
}
