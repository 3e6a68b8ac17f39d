import { recogniseBothVersions } from '#adapters/stt/recognizer.js';
import { loadTestSet } from '#adapters/test-sets/index.js';
import { InvalidInputError } from '#core/contract/errors.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { VerificationNext, VerifyPhase } from '#core/contract/workflow-contract.js';
import { testSetFor } from '#core/settings/instance-settings.js';
import type { ModelProgress, ModelRef, RunContext } from '#core/unit/unit-state.js';
import { sampledIndex, sampledTestSet } from '#core/verification/history-budget.js';
import { verificationTranscriptsPrefix } from '#core/verification/transcript-keys.js';
import {
  batchNumbers,
  batchRange,
  decideVerification,
  UTTERANCES_PER_BATCH,
} from '#core/verification/verification-decision.js';
import {
  RECOGNITION_KEPT_FAILING,
  unscoredRecord,
  type VerificationSubject,
  verificationRecord,
} from '#core/verification/verification-outcome.js';
import {
  type PreparedVerification,
  type PrepareEvent,
  type RecogniseEvent,
  type ScoreEvent,
  verifyEventSchema,
} from '#core/verification/verification-task.js';
import { awsVerifyDeps } from './runtime/aws-deps.js';
import { recordVerificationMeasurement } from './runtime/change-measurement.js';
import { frozenClock } from './runtime/frozen-clock.js';
import { lambdaHandler } from './runtime/lambda-entry.js';
import { readModel } from './runtime/read-model.js';
import type { UnitHandler } from './runtime/unit-deps.js';
import type { VerifyDeps } from './runtime/verify-deps.js';

const done: PreparedVerification = { next: VerificationNext.Done, batches: [] };

/**
 * Verifies an upgraded model: prepare decides and stores the plan, recognise runs one batch of the
 * test set with the old and the new version, score compares them and records the outcome.
 */
export function verifyModel(deps: VerifyDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(verifyEventSchema, event, 'verify-model input');
    switch (task.phase) {
      case VerifyPhase.Prepare:
        return prepare(deps, task);
      case VerifyPhase.Recognise:
        return recognise(deps, task);
      case VerifyPhase.Score:
        return score(deps, task);
    }
  };
}

function subjectOf(
  deps: VerifyDeps,
  task: { readonly run: RunContext; readonly model: ModelRef; readonly progress: ModelProgress },
  testSet: string | null,
): VerificationSubject {
  return {
    runId: task.run.runId,
    instanceId: task.run.instanceId,
    customizationId: task.model.customizationId,
    kind: task.model.kind,
    modelName: task.progress.modelName,
    baseModelName: task.progress.baseModelName,
    testSet,
    maxWerIncrease: deps.verification.maxWerIncrease,
  };
}

/** Read the model and its test set, decide, and store the plan the batches follow. */
async function prepare(deps: VerifyDeps, task: PrepareEvent): Promise<PreparedVerification> {
  const { run, model: ref, progress } = task;
  const clock = frozenClock(deps.clock);
  const settings = await deps.instanceSettings(run.instanceId);
  const testSet = testSetFor(settings.testSets, ref.customizationId, progress.baseModelName);
  const current = await readModel(await deps.stt(run.instanceId), ref);
  const decision = decideVerification({
    model: {
      kind: ref.kind,
      customizationId: ref.customizationId,
      baseModelName: progress.baseModelName,
      languageModelId: ref.trainedWithLanguageModel ? ref.languageModelId : null,
    },
    versionsBefore: progress.versionsBefore,
    current,
    testSet,
    customizationWeight: deps.verification.customizationWeight,
  });
  const subject = subjectOf(deps, task, testSet);
  if (decision.kind === 'not-upgraded') return done;
  if (decision.kind !== 'recognise') {
    await deps.history.verification.record(
      unscoredRecord(subject, decision.kind, decision.reason, clock.now()),
    );
    return done;
  }
  let utterances: number;
  try {
    utterances = (await loadTestSet(deps.testSet(decision.testSet))).length;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    // A broken test set is the operator's to fix; the upgrade itself stands.
    await deps.history.verification.record(
      unscoredRecord(subject, 'invalid', `the test set cannot be used: ${error.message}`, clock.now()),
    );
    return done;
  }
  const { sampled } = sampledTestSet(utterances, task.options.verificationBatchesPerModel ?? utterances);
  await deps.history.verification.storePlan(run.runId, ref.customizationId, {
    testSet: decision.testSet,
    oldVersion: decision.oldVersion,
    newVersion: decision.newVersion,
    parameters: decision.parameters,
    utterances,
    perBatch: UTTERANCES_PER_BATCH,
    ...(sampled < utterances ? { sampled } : {}),
  });
  return { next: VerificationNext.Recognise, batches: batchNumbers(sampled) };
}

/** Recognise one batch with both versions and store the transcripts in the bucket; a retry repeats the batch. */
async function recognise(deps: VerifyDeps, task: RecogniseEvent) {
  const { runId, instanceId, customizationId, batch } = task;
  const plan = await deps.history.verification.requirePlan(runId, customizationId);
  const testSet = deps.testSet(plan.testSet);
  const manifest = await testSet.readManifest();
  if (manifest.length !== plan.utterances) {
    throw new InvalidInputError(`Test set ${testSet.location}`, [
      `has ${manifest.length} utterances now and had ${plan.utterances} when the verification began`,
    ]);
  }
  const recognizer = await deps.recognizer(instanceId);
  const sampled = plan.sampled ?? plan.utterances;
  const { start, end } = batchRange(batch, sampled, plan.perBatch);
  const utterances = [];
  for (let k = start; k < end; k++) {
    const index = sampledIndex(k, sampled, plan.utterances);
    const utterance = manifest[index];
    if (!utterance) continue;
    const audio = await testSet.readAudio(utterance.audio);
    const recognised = await recogniseBothVersions(
      recognizer,
      { reference: utterance.reference, audio, contentType: utterance.contentType },
      plan,
    );
    utterances.push({ index, ...recognised });
  }
  await deps.verificationTranscripts.storeBatch(runId, customizationId, { batch, utterances });
  return { batch, utterances: utterances.length };
}

/** Score the stored batches and record the outcome; after a caught failure, record it invalid. */
async function score(deps: VerifyDeps, task: ScoreEvent) {
  const { run, model: ref } = task;
  const clock = frozenClock(deps.clock);
  const plan = await deps.history.verification.plan(run.runId, ref.customizationId);
  const subject = subjectOf(deps, task, plan?.testSet ?? null);
  if (task.failure) {
    const failure = { error: task.failure.Error, cause: task.failure.Cause ?? '' };
    const { record } = await deps.history.verification.record(
      unscoredRecord(subject, 'invalid', RECOGNITION_KEPT_FAILING, clock.now(), failure),
    );
    return { outcome: record.outcome };
  }
  if (!plan)
    throw new InvalidInputError('verify-model input', ['score before any verification plan was stored']);
  const transcripts = verificationTranscriptsPrefix(run.runId, ref.customizationId);
  const batches = await deps.verificationTranscripts.batches(transcripts);
  const utterances = batches.flatMap((batch) => batch.utterances).sort((a, b) => a.index - b.index);
  const expected = plan.sampled ?? plan.utterances;
  if (utterances.length !== expected) {
    throw new InvalidInputError('Recognised batches', [
      `hold ${utterances.length} of the ${expected} utterances planned from the test set's ${plan.utterances}`,
    ]);
  }
  const { record } = await deps.history.verification.record(
    verificationRecord({ ...subject, transcripts }, plan, utterances, clock.now()),
  );
  const watchMeasurement = await recordVerificationMeasurement(deps, {
    record,
    plan,
    recognised: utterances,
    settings: await deps.instanceSettings(run.instanceId),
    step: task.progress.step,
    readModel: async () => readModel(await deps.stt(run.instanceId), ref),
  });
  return { outcome: record.outcome, watchMeasurement };
}

export const handler = lambdaHandler(awsVerifyDeps, verifyModel);
