import { recogniseBothVersions } from '#adapters/stt/recognizer.js';
import { loadTestSet } from '#adapters/test-sets/index.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { VerifyPhase } from '#core/contract/workflow-contract.js';
import { testSetFor } from '#core/settings/instance-settings.js';
import type { ModelProgress, ModelRef, RunContext } from '#core/unit/unit-state.js';
import { verificationTranscriptsPrefix } from '#core/verification/transcript-keys.js';
import { decideVerification } from '#core/verification/verification-decision.js';
import type { VerificationSubject } from '#core/verification/verification-outcome.js';
import {
  batchIndexes,
  brokenTestSetRecord,
  failedRecognitionRecord,
  preparation,
  scoredRecord,
  verificationDone,
  verificationPlanOf,
  verifiedModelOf,
} from '#core/verification/verification-steps.js';
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
    model: verifiedModelOf(ref, progress.baseModelName),
    versionsBefore: progress.versionsBefore,
    current,
    testSet,
    customizationWeight: deps.verification.customizationWeight,
  });
  const subject = subjectOf(deps, task, testSet);
  const next = preparation(decision, subject, clock.now());
  if (next.kind === 'done') {
    if (next.record) await deps.history.verification.record(next.record);
    return verificationDone;
  }
  let utterances: number;
  try {
    utterances = (await loadTestSet(deps.testSet(next.decision.testSet))).length;
  } catch (error) {
    const broken = brokenTestSetRecord(subject, error, clock.now());
    if (!broken) throw error;
    await deps.history.verification.record(broken);
    return verificationDone;
  }
  const { plan, prepared } = verificationPlanOf(
    next.decision,
    utterances,
    task.options.verificationBatchesPerModel,
  );
  await deps.history.verification.storePlan(run.runId, ref.customizationId, plan);
  return prepared;
}

/** Recognise one batch with both versions and store the transcripts in the bucket; a retry repeats the batch. */
async function recognise(deps: VerifyDeps, task: RecogniseEvent) {
  const { runId, instanceId, customizationId, batch } = task;
  const plan = await deps.history.verification.requirePlan(runId, customizationId);
  const testSet = deps.testSet(plan.testSet);
  const manifest = await testSet.readManifest();
  const indexes = batchIndexes(plan, batch, { location: testSet.location, utterances: manifest.length });
  const recognizer = await deps.recognizer(instanceId);
  const utterances = [];
  for (const index of indexes) {
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
    const failed = failedRecognitionRecord(subject, task.failure, clock.now());
    const { record } = await deps.history.verification.record(failed);
    return { outcome: record.outcome };
  }
  const transcripts = verificationTranscriptsPrefix(run.runId, ref.customizationId);
  const batches = await deps.verificationTranscripts.batches(transcripts);
  const scored = scoredRecord({ ...subject, transcripts }, plan, batches, clock.now());
  const { record } = await deps.history.verification.record(scored.record);
  const watchMeasurement = await recordVerificationMeasurement(deps, {
    record,
    plan: scored.plan,
    recognised: scored.utterances,
    settings: await deps.instanceSettings(run.instanceId),
    step: task.progress.step,
    readModel: async () => readModel(await deps.stt(run.instanceId), ref),
  });
  return { outcome: record.outcome, watchMeasurement };
}

export const handler = lambdaHandler(awsVerifyDeps, verifyModel);
