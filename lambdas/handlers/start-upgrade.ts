import { SttError } from '#core/contract/errors.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { UpgradeStep } from '#core/contract/workflow-contract.js';
import { blockingClaim } from '#core/migration/index.js';
import type { SttService } from '#core/model/custom-model.js';
import { resourceListingFor } from '#core/model/index.js';
import { claimOfClosedRun } from '#core/stopping/closed-run.js';
import {
  afterRequest,
  beforeRequest,
  missingLanguageModel,
  needsReread,
  type RequestResult,
  retrainSettingsFor,
  type StartReading,
  trainOptionsFor,
} from '#core/unit/steps/start-step.js';
import {
  type ClaimResult,
  type ClaimTarget,
  claimTargetOf,
  mayTakeOverClaim,
} from '#core/unit/steps/step-claim.js';
import { type StartUpgradeTask, startUpgradeTaskSchema } from '#core/unit/unit-state.js';
import { awsUnitHandler } from './runtime/aws-unit-deps.js';
import { frozenClock } from './runtime/frozen-clock.js';
import { heldClaims } from './runtime/held-claims.js';
import { releaseClaims, settle } from './runtime/history-writer.js';
import { readModel } from './runtime/read-model.js';
import type { UnitDeps, UnitHandler } from './runtime/unit-deps.js';

/**
 * Asks IBM to start one upgrade step, after claiming (instance, model, step, target) so that two
 * executions never upgrade the same model to the same version. The request is not idempotent, so
 * the claim notes it before it is sent; when its answer is lost, the model is read and core decides
 * whether this run's step is running, done, or never started.
 */
export function startUpgrade(deps: UnitDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(startUpgradeTaskSchema, event, 'start-upgrade input');
    const { run, model: ref, progress } = task;
    const clock = frozenClock(deps.clock);
    const scope = { run, customizationId: ref.customizationId, attemptStartedAt: progress.attemptStartedAt };
    const stt = await deps.stt(run.instanceId);
    const reading: StartReading = {
      claim: await claimStep(deps, task, clock.now()),
      current: await readModel(stt, ref),
      sizing: await readSizing(deps, stt, task),
      retrain: retrainSettingsFor(task.options, await deps.instanceSettings(run.instanceId)),
    };
    const before = beforeRequest(task, reading, clock, deps.pollPolicy);
    if (!('send' in before)) return settle(deps.history, clock, scope, before);
    const target = claimTargetOf(task);
    const request = { at: clock.now().toISOString(), updatedBefore: reading.current.updated ?? null };
    await deps.history.noteRequest(target, run.runId, request);
    const result = await sendRequest(stt, task, reading);
    return settle(
      deps.history,
      clock,
      scope,
      afterRequest(task, reading, request, result, clock, deps.pollPolicy),
    );
  };
}

/**
 * Claims the step. A claim left by a run that ended, or whose execution has ended (asked of Step
 * Functions), or whose lease lapsed, is taken over.
 */
async function claimStep(deps: UnitDeps, task: StartUpgradeTask, now: Date): Promise<ClaimResult> {
  const target = claimTargetOf(task);
  const { runId, executionArn } = task.run;
  const claim = await deps.history.claim(target, runId, now.toISOString(), executionArn);
  if (claim.granted) {
    const kept = await givenBackIfClosed(deps, task, claim);
    return claim.own ? kept : yieldToMigration(deps, target, runId, now, kept);
  }
  const holder = await deps.history.getRun(claim.heldBy);
  const execution =
    holder?.outcome === 'running' && claim.heldByExecution && deps.executions
      ? await deps.executions.status(claim.heldByExecution)
      : undefined;
  if (!mayTakeOverClaim(holder, { claimedAt: claim.claimedAt, execution }, now, task.options)) return claim;
  const takenOver = await deps.history.takeOverClaim(
    target,
    runId,
    claim.heldBy,
    now.toISOString(),
    executionArn,
  );
  return takenOver.granted ? givenBackIfClosed(deps, task, takenOver) : takenOver;
}

/** A claim taken by a task of a run the closer already closed is released at once, and the task ends. */
async function givenBackIfClosed(
  deps: UnitDeps,
  task: StartUpgradeTask,
  claim: ClaimResult,
): Promise<ClaimResult> {
  const closed = claimOfClosedRun(task.run.runId, await deps.history.getRun(task.run.runId));
  if (!closed) return claim;
  await releaseClaims(deps.history, task.run, task.model.customizationId);
  throw closed;
}

/**
 * A migration at work on the model keeps the upgrade off it (see core's migration claims): the run
 * gives up its claims on the model and the model is skipped as claimed by that migration run.
 */
async function yieldToMigration(
  deps: UnitDeps,
  target: ClaimTarget,
  runId: string,
  now: Date,
  granted: ClaimResult,
): Promise<ClaimResult> {
  const held = await heldClaims(deps.history, target.instanceId, target.customizationId, runId);
  const migration = blockingClaim(held, { runId, kind: 'upgrade' }, now);
  if (!migration) return granted;
  await deps.history.releaseClaims(target.instanceId, target.customizationId, runId);
  return { granted: false, heldBy: migration.runId, claimedAt: migration.claimedAt };
}

/** How big the step is: audio for acoustic models, words for language models, and past durations. */
async function readSizing(deps: UnitDeps, stt: SttService, task: StartUpgradeTask) {
  const { run, model: ref, step } = task;
  const pastDurationsSeconds = await deps.history.pastStepDurations(
    run.instanceId,
    ref.customizationId,
    step,
  );
  if (ref.kind === 'acoustic') {
    return {
      audioMinutes: (await stt.listAudio(ref.customizationId)).totalMinutesOfAudio,
      pastDurationsSeconds,
    };
  }
  const resources = await stt.languageResources(
    ref.customizationId,
    resourceListingFor(task.progress.baseModelName),
  );
  return { wordCount: resources.totalWords, invalidResources: resources.invalid, pastDurationsSeconds };
}

/** Sends the step's request; an answer that leaves doubt comes back with the model as it now is. */
async function sendRequest(
  stt: SttService,
  task: StartUpgradeTask,
  reading: StartReading,
): Promise<RequestResult> {
  try {
    await requestStep(stt, task, reading);
    return { answered: true };
  } catch (error) {
    if (!(error instanceof SttError)) throw error;
    const reread = needsReread(error) ? await readModel(stt, task.model).catch(() => undefined) : undefined;
    return { answered: false, error, reread };
  }
}

function requestStep(stt: SttService, task: StartUpgradeTask, reading: StartReading): Promise<void> {
  const { model, step, force } = task;
  if (step === UpgradeStep.Retrain) {
    return stt.trainLanguageModel(model.customizationId, trainOptionsFor(task, reading.retrain.platform));
  }
  if (model.kind === 'language') return stt.upgradeLanguageModel(model.customizationId);
  if (step === UpgradeStep.Upgrade) return stt.upgradeAcousticModel(model.customizationId);
  if (!model.languageModelId) throw missingLanguageModel(task);
  // `force` only after IBM answered "No input data modified since last training", as IBM asks.
  return stt.upgradeAcousticModel(model.customizationId, {
    customLanguageModelId: model.languageModelId,
    ...(force ? { force: true } : {}),
  });
}

export const handler = awsUnitHandler(startUpgrade);
