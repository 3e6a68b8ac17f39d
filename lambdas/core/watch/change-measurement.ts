import { UpgradeStep } from '../contract/workflow-contract.js';
import type { CustomModel } from '../model/custom-model.js';
import { type InstanceSettings, testSetFor, watchEnabled } from '../settings/instance-settings.js';
import type { RecognitionParameters } from '../verification/recognition-parameters.js';
import type { VerificationRecord } from '../verification/verification-record.js';
import { differentParameters } from './comparability.js';
import type { MeasuredUtterance, Measurement, SentParameters } from './measurement.js';
import { newMeasurement } from './new-measurement.js';
import { watchQuery } from './recognition-query.js';
import { measurementRunId } from './watch-run.js';
import type { PinnedRecognition } from './watch-settings.js';

/** What changed the model. After a migration the measurement belongs to the new model. */
export type ModelChange = 'upgrade' | 'retrain' | 'migration';

/** A measurement an upgrade, retrain or migration recorded, and the transcripts it points at. */
export interface ChangeMeasurement {
  readonly measurement: Measurement;
  readonly utterances: readonly MeasuredUtterance[];
}

/** Where a change's measurement goes: its transcripts, the measurement, and the model's baseline. */
export interface ChangeMeasurements {
  /** Idempotent: a retried task records the same measurement once. */
  record(change: ChangeMeasurement): Promise<void>;
}

/** The query a comparison sent, by IBM's query parameter names. */
export function sentParameters(parameters: RecognitionParameters, baseModelVersion?: string): SentParameters {
  return {
    model: parameters.model,
    ...(parameters.languageCustomizationId !== undefined && {
      language_customization_id: parameters.languageCustomizationId,
    }),
    ...(parameters.acousticCustomizationId !== undefined && {
      acoustic_customization_id: parameters.acousticCustomizationId,
    }),
    ...(parameters.customizationWeight !== undefined && {
      customization_weight: parameters.customizationWeight,
    }),
    ...(baseModelVersion !== undefined && { base_model_version: baseModelVersion }),
  };
}

/**
 * The measurement of a model just upgraded, retrained or migrated, from the recognition its
 * verification (or migration comparison) already ran with the new model: dated, with the run that
 * made the change, and the model's new baseline, so the watch compares with the model as it came
 * out of the change. When the watch pins other parameters than the verification sent, the
 * measurement says so: the watch's next run cannot compare with it and starts its own baseline.
 */
export function changeMeasurement(input: {
  readonly change: ModelChange;
  readonly runId: string;
  readonly instanceId: string;
  readonly measuredAt: string;
  readonly testSet: string;
  readonly model: Pick<CustomModel, 'customizationId' | 'name' | 'baseModelName' | 'versions' | 'updated'>;
  /** What every request for the new model sent, by IBM's names. */
  readonly parameters: SentParameters;
  readonly utterances: readonly MeasuredUtterance[];
  /** IBM's warnings for the new model. */
  readonly warnings: readonly string[];
  /** The model's latest measurement before the change, if any. */
  readonly previous: Measurement | undefined;
  /** What the watch pins for this instance. */
  readonly pinned: PinnedRecognition;
}): ChangeMeasurement {
  const watchRunId = measurementRunId(input.measuredAt, `${input.change}-${input.runId}`);
  const current = newMeasurement({
    ...input,
    watchRunId,
    query: { parameters: input.parameters, leftOut: [] },
  });
  const pinned = differentParameters(watchQuery(input.model, input.pinned).parameters, input.parameters);
  const note =
    pinned.length > 0
      ? [`the watch pins other parameters (${pinned.join(', ')}): its next run starts its own baseline`]
      : [];
  return {
    measurement: {
      ...current,
      reason: input.change,
      runId: input.runId,
      warnings: [...current.warnings, ...note],
      comparison: {
        baselineMeasuredAt: current.measuredAt,
        baselineWer: current.wer,
        previousWer: input.previous?.wer ?? null,
        werDelta: null,
        verdict: 'baseline',
        firstMovedAt: null,
        wordsLost: [],
        wordsGained: [],
        notified: false,
      },
    },
    utterances: input.utterances,
  };
}

/**
 * Whether a verification makes a watch measurement: a scored comparison of a custom language model
 * (the watch measures those) on an instance the watch covers. An invalid one (IBM ignored the
 * customization) measures nothing the watch could compare with; the watch's next run then sees the
 * model changed and starts its baseline itself.
 */
export function verificationMeasures(
  record: Pick<VerificationRecord, 'kind' | 'outcome'>,
  watched: boolean,
): boolean {
  return (
    watched && record.kind === 'language' && (record.outcome === 'passed' || record.outcome === 'regressed')
  );
}

/** The new version's side of a verification's utterances, as the watch keeps transcripts (by audio file). */
export function newVersionUtterances(
  recognised: readonly {
    readonly index: number;
    readonly reference: string;
    readonly new: { readonly transcript: string };
    readonly audioSeconds: number | null;
  }[],
  manifest: readonly { readonly audio: string }[],
): MeasuredUtterance[] {
  return recognised.map((u) => ({
    audio: manifest[u.index]?.audio ?? `#${u.index}`,
    reference: u.reference,
    transcript: u.new.transcript,
    audioSeconds: u.audioSeconds,
  }));
}

/**
 * Whether a migration makes a measurement of the new model: a comparison that measured the custom
 * model (not `invalid`), on an instance where the watch measures the new model (it has a test set).
 */
export function migrationMeasures(input: {
  readonly verdict: 'better' | 'equal' | 'worse' | 'invalid';
  readonly settings: Pick<InstanceSettings, 'testSets' | 'watch'>;
  readonly newModelId: string;
  readonly target: string;
}): boolean {
  const { settings } = input;
  return (
    input.verdict !== 'invalid' &&
    watchEnabled(settings) &&
    testSetFor(settings.testSets, input.newModelId, input.target) !== null
  );
}

/** What an upgrade step's verification records: a retrain is told apart, as the history does. */
export function changeOfStep(step: UpgradeStep | null): Extract<ModelChange, 'upgrade' | 'retrain'> {
  return step === UpgradeStep.Retrain ? 'retrain' : 'upgrade';
}

/** The new model's side of a migration's comparison, as the watch keeps transcripts (by audio file). */
export function newModelUtterances(
  heard: readonly {
    readonly reference: string;
    readonly target: { readonly transcript: string };
    readonly audioSeconds: number | null;
  }[],
  manifest: readonly { readonly audio: string }[],
): MeasuredUtterance[] {
  return heard.map((u, index) => ({
    audio: manifest[index]?.audio ?? `#${index}`,
    reference: u.reference,
    transcript: u.target.transcript,
    audioSeconds: u.audioSeconds,
  }));
}

/** An upgrade's or retrain's measurement is its verification's new side: a report charts it once, as the verification. */
export function repeatsVerification(measurement: Pick<Measurement, 'reason'>): boolean {
  return measurement.reason === 'upgrade' || measurement.reason === 'retrain';
}
