import { UpgradeStep } from '../contract/workflow-contract.js';
import type { UpgradeAttempt } from '../history/history-records.js';
import type { VerificationRecord } from '../verification/verification-record.js';
import type { ModelEvent, ModelSeries, WerPoint } from './report-model.js';

/** A dated WER of a model measured outside an upgrade: the accuracy watch's measurements. */
export interface MeasuredWer {
  readonly at: string;
  readonly wer: number | null;
  readonly version: string;
}

/** What one model's WER over time is drawn from. */
export interface ModelSeriesInput {
  readonly instanceId: string;
  readonly customizationId: string;
  readonly modelName: string;
  readonly baseModelName: string;
  readonly attempts: readonly UpgradeAttempt[];
  readonly verifications: readonly VerificationRecord[];
  readonly measurements: readonly MeasuredWer[];
}

/**
 * A model's WER over time. A verification gives two points: the old version's WER when the
 * upgrade began and the new version's when it was verified. Finished upgrades and retrains are
 * the events.
 */
export function modelSeries(input: ModelSeriesInput): ModelSeries {
  const startedAt = new Map(input.attempts.map((attempt) => [attempt.runId, attempt.startedAt]));
  const points: WerPoint[] = [];
  for (const record of input.verifications) {
    if (record.old?.wer != null) {
      const at = startedAt.get(record.runId) ?? record.verifiedAt;
      points.push({ at, wer: record.old.wer, version: record.old.version, source: 'before-upgrade' });
    }
    if (record.new?.wer != null) {
      points.push({
        at: record.verifiedAt,
        wer: record.new.wer,
        version: record.new.version,
        source: 'after-upgrade',
      });
    }
  }
  for (const measured of input.measurements) {
    if (measured.wer !== null)
      points.push({ at: measured.at, wer: measured.wer, version: measured.version, source: 'measurement' });
  }
  const events: ModelEvent[] = input.attempts
    .filter((attempt) => attempt.outcome === 'upgraded')
    .map((attempt) => {
      const kind = attempt.steps.includes(UpgradeStep.Retrain) ? 'retrain' : 'upgrade';
      const version = attempt.versionAfter ?? attempt.targetVersion;
      return {
        at: attempt.endedAt ?? attempt.startedAt,
        kind,
        label: version ? `${kind === 'retrain' ? 'retrained' : 'upgraded'} to ${version}` : kind,
      };
    });
  const byTime = (a: { at: string }, b: { at: string }) => a.at.localeCompare(b.at);
  return {
    instanceId: input.instanceId,
    customizationId: input.customizationId,
    modelName: input.modelName,
    baseModelName: input.baseModelName,
    points: points.sort(byTime),
    events: events.sort(byTime),
  };
}
