import { SttError } from '#core/contract/errors.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { blockingClaim } from '#core/migration/index.js';
import type { SttService } from '#core/model/custom-model.js';
import { claimOfClosedRun } from '#core/stopping/closed-run.js';
import { needsReread, type RequestResult } from '#core/unit/steps/lost-answers.js';
import { retrainSettingsFor } from '#core/unit/steps/retrain-guard.js';
import { afterRequest, beforeRequest, type StartReading } from '#core/unit/steps/start-step.js';
import type { StepSizing } from '#core/unit/steps/start-transitions.js';
import {
  type ClaimResult,
  type ClaimTarget,
  claimTargetOf,
  executionToAsk,
  mayTakeOverClaim,
} from '#core/unit/steps/step-claim.js';
import { sizingReadOf, stepRequestOf } from '#core/unit/steps/step-request.js';
import { type StartUpgradeTask, startUpgradeTaskSchema } from '#core/unit/unit-state.js';
import { awsUnitDeps } from './runtime/aws-deps.js';
import { frozenClock } from './runtime/frozen-clock.js';
import { heldClaims } from './runtime/held-claims.js';
import { releaseClaims, settle } from './runtime/history-writer.js';
import { lambdaHandler } from './runtime/lambda-entry.js';
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
  const asked = executionToAsk(holder, claim);
  const execution = asked && deps.executions ? await deps.executions.status(asked) : undefined;
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
async function readSizing(deps: UnitDeps, stt: SttService, task: StartUpgradeTask): Promise<StepSizing> {
  const { run, model: ref, step } = task;
  const pastDurationsSeconds = await deps.history.pastStepDurations(
    run.instanceId,
    ref.customizationId,
    step,
  );
  const sizing = sizingReadOf(task);
  switch (sizing.read) {
    case 'audio':
      return {
        audioMinutes: (await stt.listAudio(sizing.customizationId)).totalMinutesOfAudio,
        pastDurationsSeconds,
      };
    case 'language-resources': {
      const resources = await stt.languageResources(sizing.customizationId, sizing.listing);
      return { wordCount: resources.totalWords, invalidResources: resources.invalid, pastDurationsSeconds };
    }
  }
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
  const request = stepRequestOf(task, reading.retrain.platform);
  switch (request.call) {
    case 'train-language-model':
      return stt.trainLanguageModel(request.customizationId, request.options);
    case 'upgrade-language-model':
      return stt.upgradeLanguageModel(request.customizationId);
    case 'upgrade-acoustic-model':
      return stt.upgradeAcousticModel(request.customizationId, request.options);
  }
}

export const handler = lambdaHandler(awsUnitDeps, startUpgrade);
