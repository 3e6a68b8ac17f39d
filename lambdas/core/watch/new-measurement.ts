import type { CustomModel } from '../model/custom-model.js';
import { scoreTranscripts, scoringUnitFor, werFigures } from '../scoring/index.js';
import type { MeasuredUtterance, Measurement } from './measurement.js';
import type { WatchQuery } from './recognition-query.js';
import { transcriptsKey } from './watch-run.js';

/** A measurement of one model from its recognised test set, before it is compared with anything. */
export function newMeasurement(input: {
  readonly instanceId: string;
  readonly watchRunId: string;
  readonly measuredAt: string;
  readonly testSet: string;
  readonly model: Pick<CustomModel, 'customizationId' | 'name' | 'baseModelName' | 'versions' | 'updated'>;
  readonly query: WatchQuery;
  readonly utterances: readonly MeasuredUtterance[];
  /** IBM's warnings, as recognition returned them. */
  readonly warnings: readonly string[];
}): Omit<Measurement, 'comparison' | 'reason'> {
  const { model, query, utterances } = input;
  const rates = scoreTranscripts(
    utterances.map((u) => ({ reference: u.reference, hypothesis: u.transcript })),
    scoringUnitFor(model.baseModelName),
  );
  const leftOut = query.leftOut.map((name) => `not sent: ${name} (the model's family does not support it)`);
  return {
    instanceId: input.instanceId,
    customizationId: model.customizationId,
    modelName: model.name,
    baseModelName: model.baseModelName,
    watchRunId: input.watchRunId,
    measuredAt: input.measuredAt,
    testSet: input.testSet,
    modelVersions: [...model.versions],
    modelUpdated: model.updated ?? null,
    parameters: query.parameters,
    ...werFigures(rates),
    unit: rates.unit,
    utterances: utterances.length,
    // Audio of unknown length (not WAV) is billed all the same; it counts as nothing here.
    audioMinutes: utterances.reduce((sum, u) => sum + (u.audioSeconds ?? 0), 0) / 60,
    recognitionRequests: utterances.length,
    warnings: [...new Set([...leftOut, ...input.warnings])],
    transcripts: transcriptsKey(input.instanceId, model.customizationId, input.watchRunId),
  };
}
