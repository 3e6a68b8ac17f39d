import type { ModelKind } from '../model/custom-model.js';
import { compareVersions, type ErrorRates, werFigures } from '../scoring/index.js';
import type { VerificationOutcome, VerificationRecord, VersionScore } from './verification-record.js';

/** One utterance as both runs heard it, with what IBM warned and how long its audio is. */
export interface RecognisedUtterance {
  readonly reference: string;
  readonly old: { readonly transcript: string; readonly warnings: readonly string[] };
  readonly new: { readonly transcript: string; readonly warnings: readonly string[] };
  /** Null when the audio's length cannot be read from the file (formats other than WAV). */
  readonly audioSeconds: number | null;
}

/** Who and what was verified: the fields every record carries, whatever its outcome. */
export interface VerificationSubject {
  readonly runId: string;
  readonly instanceId: string;
  readonly customizationId: string;
  readonly kind: ModelKind;
  readonly modelName: string;
  readonly baseModelName: string;
  readonly testSet: string | null;
  readonly maxWerIncrease: number;
  /** The key prefix of the per-utterance transcripts in the bucket, once something was recognised. */
  readonly transcripts?: string;
}

/** IBM ran recognition without the customization: the comparison says nothing about the custom model. */
const nonCustomizedWarning = /using non-customized default base model/iu;

/** Floating-point slack, so that a delta of exactly the gate (0.11 - 0.10) is not a regression. */
const EPSILON = 1e-9;

/** Reason recorded when the chain's Catch gives up on a verification. */
export const RECOGNITION_KEPT_FAILING = 'recognition kept failing';

/**
 * Scores both runs and decides: invalid when IBM warned that it ignored the customization,
 * regressed when the new WER exceeds the old by more than the gate, passed otherwise.
 */
export function verificationRecord(
  subject: VerificationSubject,
  versions: { readonly oldVersion: string; readonly newVersion: string },
  utterances: readonly RecognisedUtterance[],
  verifiedAt: Date,
): VerificationRecord {
  const comparison = compareVersions(
    utterances.map((utterance) => ({
      reference: utterance.reference,
      oldHypothesis: utterance.old.transcript,
      newHypothesis: utterance.new.transcript,
    })),
    subject.baseModelName,
  );
  const warnings = distinctWarnings(utterances, versions);
  const ignored = warnings.find((entry) => nonCustomizedWarning.test(entry.warning));
  const { outcome, reason } = ((): { outcome: VerificationOutcome; reason?: string } => {
    if (ignored) {
      return {
        outcome: 'invalid',
        reason: `IBM recognised ${ignored.version} without the customization ("${ignored.warning}")`,
      };
    }
    if (comparison.werDelta === null) {
      return { outcome: 'invalid', reason: 'the references of the test set have no words to score' };
    }
    return comparison.werDelta > subject.maxWerIncrease + EPSILON
      ? { outcome: 'regressed' }
      : { outcome: 'passed' };
  })();
  const known = utterances.filter((utterance) => utterance.audioSeconds !== null);
  const audioSeconds = known.reduce((sum, utterance) => sum + (utterance.audioSeconds ?? 0), 0);
  return {
    ...subject,
    outcome,
    ...(reason !== undefined && { reason }),
    utterances: utterances.length,
    audioMinutes: audioSeconds / 60,
    utterancesOfUnknownLength: utterances.length - known.length,
    recognitionRequests: utterances.length * 2,
    old: versionScore(versions.oldVersion, comparison.oldRates),
    new: versionScore(versions.newVersion, comparison.newRates),
    werDelta: comparison.werDelta,
    warnings,
    wordsLost: [...comparison.wordsLost],
    verifiedAt: verifiedAt.toISOString(),
  };
}

/** A record with nothing recognised: no test set, the old version gone, or recognition that kept failing. */
export function unscoredRecord(
  subject: VerificationSubject,
  outcome: Extract<VerificationOutcome, 'invalid' | 'unverified'>,
  reason: string,
  verifiedAt: Date,
  failure?: { readonly error: string; readonly cause: string },
): VerificationRecord {
  return {
    ...subject,
    outcome,
    reason,
    ...(failure && { failure }),
    utterances: 0,
    audioMinutes: 0,
    utterancesOfUnknownLength: 0,
    recognitionRequests: 0,
    warnings: [],
    wordsLost: [],
    verifiedAt: verifiedAt.toISOString(),
  };
}

function versionScore(version: string, rates: ErrorRates): VersionScore {
  return {
    version,
    ...werFigures(rates),
    unit: rates.unit,
    sentenceErrorRate: rates.sentenceErrorRate,
  };
}

function distinctWarnings(
  utterances: readonly RecognisedUtterance[],
  versions: { readonly oldVersion: string; readonly newVersion: string },
): { version: string; warning: string }[] {
  const seen = new Map<string, { version: string; warning: string }>();
  for (const utterance of utterances) {
    for (const [version, run] of [
      [versions.oldVersion, utterance.old],
      [versions.newVersion, utterance.new],
    ] as const) {
      for (const warning of run.warnings) seen.set(`${version}\n${warning}`, { version, warning });
    }
  }
  return [...seen.values()];
}
