import type { TestSetSource } from '#adapters/test-sets/index.js';
import type { UpgradeStep } from '#core/contract/workflow-contract.js';
import type { MigrationRecord, MigrationUtterance } from '#core/migration/index.js';
import type { CustomModel } from '#core/model/custom-model.js';
import { type InstanceSettings, watchEnabled } from '#core/settings/instance-settings.js';
import type { RecognitionParameters } from '#core/verification/recognition-parameters.js';
import type { VerificationRecord } from '#core/verification/verification-record.js';
import type { RecognisedBatch, VerificationPlan } from '#core/verification/verification-task.js';
import {
  type ChangeMeasurements,
  changeMeasurement,
  changeOfStep,
  migrationMeasures,
  newModelUtterances,
  newVersionUtterances,
  sentParameters,
  type TranscriptStore,
  verificationMeasures,
} from '#core/watch/index.js';
import type { WatchRecords } from '#core/watch/ports.js';

/** The watch's store of measurements an upgrade, retrain or migration records: transcripts first, then the record and the baseline. */
export function changeMeasurements(deps: {
  readonly history: { readonly watch: WatchRecords };
  readonly transcripts: TranscriptStore;
}): ChangeMeasurements {
  return {
    async record({ measurement, utterances }) {
      await deps.transcripts.write(measurement.transcripts, utterances);
      await deps.history.watch.record(measurement);
      // Also on a retry that finds the record: the baseline may be what the first try did not reach.
      await deps.history.watch.setBaseline(
        measurement.instanceId,
        measurement.customizationId,
        measurement.watchRunId,
      );
    },
  };
}

/** What recording a verification's measurement reads and writes. */
export interface VerificationMeasurementDeps {
  readonly history: { readonly watch: WatchRecords };
  /** The watch's transcripts; absent: no measurement is recorded. */
  readonly transcripts?: TranscriptStore;
  testSet(name: string): TestSetSource;
}

/**
 * After a verification: the new version's side of it as the model's watch measurement, when the
 * watch covers the model. Never fails the verification: what could not be recorded is returned, and
 * the watch's next run then starts its baseline itself (it sees the model changed).
 */
export async function recordVerificationMeasurement(
  deps: VerificationMeasurementDeps,
  input: {
    readonly record: VerificationRecord;
    readonly plan: VerificationPlan;
    readonly recognised: RecognisedBatch['utterances'];
    readonly settings: InstanceSettings;
    /** The upgrade step the verification followed. */
    readonly step: UpgradeStep | null;
    /** The model as IBM lists it after the change. */
    readModel(): Promise<CustomModel>;
  },
): Promise<'recorded' | 'not watched' | { readonly notRecorded: string }> {
  const { record, plan, settings } = input;
  if (!verificationMeasures(record, watchEnabled(settings))) return 'not watched';
  return recordChange(deps, async () => ({
    change: changeOfStep(input.step),
    runId: record.runId,
    instanceId: record.instanceId,
    measuredAt: record.verifiedAt,
    testSet: plan.testSet,
    model: await input.readModel(),
    parameters: sentParameters(plan.parameters, plan.newVersion),
    utterances: newVersionUtterances(input.recognised, await deps.testSet(plan.testSet).readManifest()),
    warnings: [...new Set(input.recognised.flatMap((u) => u.new.warnings))],
    previous: await deps.history.watch.latest(record.instanceId, record.customizationId),
    pinned: settings.watch.recognition,
  }));
}

/** What recording a migration's measurement reads and writes. */
export interface MigrationMeasurementDeps {
  readonly history: { readonly watch: WatchRecords };
  /** The watch's transcripts; absent: no measurement is recorded. */
  readonly transcripts?: TranscriptStore;
  instanceSettings(instanceId: string): Promise<InstanceSettings | undefined>;
}

/**
 * After a migration's comparison: the new model's side of it as the new model's first watch
 * measurement and baseline, when the watch measures the new model. Never fails the migration: what
 * could not be recorded is returned, and the watch's next run then takes its own first baseline.
 */
export async function recordMigrationMeasurement(
  deps: MigrationMeasurementDeps,
  input: {
    /** The finished migration, with its comparison. */
    readonly record: MigrationRecord;
    /** The test set's utterances in the order they were recognised, and what each model heard. */
    readonly manifest: readonly { readonly audio: string }[];
    readonly heard: readonly MigrationUtterance[];
    /** What every request for the new model sent. */
    readonly parameters: RecognitionParameters;
    /** The new model as IBM lists it now. */
    readModel(): Promise<CustomModel>;
  },
): Promise<'recorded' | 'not watched' | { readonly notRecorded: string }> {
  const { record } = input;
  return recordChange(deps, async () => {
    const settings = await deps.instanceSettings(record.instanceId);
    const { comparison, newModelId, testSet, target } = record;
    if (!comparison || !testSet || !settings || !newModelId) return 'not watched';
    if (!migrationMeasures({ verdict: comparison.verdict, settings, newModelId, target }))
      return 'not watched';
    return {
      change: 'migration',
      runId: record.runId,
      instanceId: record.instanceId,
      measuredAt: record.updatedAt,
      testSet,
      model: await input.readModel(),
      parameters: sentParameters(input.parameters),
      utterances: newModelUtterances(input.heard, input.manifest),
      warnings: [...new Set(input.heard.flatMap((u) => u.target.warnings))],
      previous: undefined,
      pinned: settings.watch.recognition,
    };
  });
}

/**
 * Measures a change and stores it, unless the watch has no transcripts or the measure finds the
 * model not watched. Never throws: what could not be recorded is returned instead.
 */
async function recordChange(
  deps: { readonly history: { readonly watch: WatchRecords }; readonly transcripts?: TranscriptStore },
  measure: () => Promise<Parameters<typeof changeMeasurement>[0] | 'not watched'>,
): Promise<'recorded' | 'not watched' | { readonly notRecorded: string }> {
  const { transcripts } = deps;
  if (!transcripts) return 'not watched';
  try {
    const input = await measure();
    if (input === 'not watched') return input;
    await changeMeasurements({ history: deps.history, transcripts }).record(changeMeasurement(input));
    return 'recorded';
  } catch (error) {
    return { notRecorded: (error as Error).message };
  }
}
