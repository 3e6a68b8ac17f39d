import { newestVersion } from '#core/base-model-version.js';
import { claimHasLapsed, claimLeaseSeconds } from '#core/claim-lease.js';
import type { SttService } from '#core/custom-model.js';
import { ErrorName, SttError } from '#core/errors.js';
import { modelLabel } from '#core/model-label.js';
import { parseOrThrow } from '#core/parse.js';
import { nextPollDelaySeconds } from '#core/poll-policy.js';
import { type StartUpgradeTask, startUpgradeTaskSchema } from '#core/unit-workflow.js';
import { skipReasonForRefusal, skipReasonText } from '#core/upgrade-decision.js';
import { attemptKey } from './runtime/attempt-key.js';
import { awsUnitHandler } from './runtime/aws-unit-deps.js';
import { readModel } from './runtime/read-model.js';
import type { UnitDeps, UnitHandler } from './runtime/unit-deps.js';

/** Errors a retry may cure; counted on the attempt before Step Functions retries the task. */
const retriedErrors: ReadonlySet<string> = new Set([ErrorName.Transient, ErrorName.ModelBusy]);

/**
 * Asks IBM to start one upgrade step, after claiming (instance, model, step, target) so that two
 * executions never upgrade the same model to the same version. IBM refusals that mean "nothing
 * to do" (already up to date, no data, improved next-generation model) end the model as skipped.
 */
export function startUpgrade(deps: UnitDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(startUpgradeTaskSchema, event, 'start-upgrade input');
    const { run, model: ref, progress, step, force } = task;
    const now = deps.clock.now();
    const key = attemptKey(run, ref.customizationId, progress.attemptStartedAt);
    const stepName = force ? `${step}-forced` : step;

    /** Ends the model as skipped; `release` gives up this run's claims, since nothing was started. */
    const skip = async (reason: string, release: boolean) => {
      if (release) await deps.history.releaseClaims(run.instanceId, ref.customizationId, run.runId);
      await deps.history.updateAttempt(key, { outcome: 'skipped', reason, endedAt: now.toISOString() });
      return { ...task, progress: { ...progress, next: 'skip' as const } };
    };

    const claim = await claimUpgrade(deps, task, now.toISOString());
    if (!claim.granted) return skip(`${skipReasonText['claimed-by-another-run']} (${claim.heldBy})`, false);

    const stt = await deps.stt(run.instanceId);
    const current = await readModel(stt, ref);
    // Another run may have finished this very upgrade between our check and our claim.
    if (step === 'upgrade' && current.versions.some((v) => !progress.versionsBefore.includes(v))) {
      return skip(skipReasonText['already-up-to-date'], true);
    }
    // The second acoustic step adds no version: its end shows only as `updated` moving.
    const updatedBefore = step === 'upgrade' ? progress.updatedBefore : (current.updated ?? null);
    try {
      await requestUpgrade(stt, task);
    } catch (error) {
      const refusal = error instanceof SttError ? skipReasonForRefusal(error.reason) : undefined;
      if (refusal) return skip(skipReasonText[refusal], true);
      if (error instanceof SttError) {
        await deps.history.recordStep(
          {
            runId: run.runId,
            customizationId: ref.customizationId,
            step: stepName,
            at: now.toISOString(),
            detail: { error: error.name, status: error.status ?? null, message: error.ibmMessage },
          },
          `${stepName}-error-${now.getTime()}`,
        );
        if (retriedErrors.has(error.name)) await deps.history.updateAttempt(key, {}, { addRetries: 1 });
        throw new SttError(
          error.name,
          `${modelLabel(ref, progress.modelName)}, ${stepName}: ${error.message}`,
          {
            status: error.status,
            ibmMessage: error.ibmMessage,
            reason: error.reason,
          },
        );
      }
      throw error;
    }
    await deps.history.updateAttempt(key, {}, { appendStep: stepName });
    await deps.history.recordStep(
      {
        runId: run.runId,
        customizationId: ref.customizationId,
        step: stepName,
        at: now.toISOString(),
        detail: { requested: true, force },
      },
      stepName,
    );
    const delay = nextPollDelaySeconds(
      {
        kind: ref.kind,
        expectedSeconds: progress.expectedSeconds,
        elapsedSeconds: 0,
        pollsSoFar: 0,
        pollBudget: task.options.pollBudgetPerStep,
      },
      deps.pollPolicy,
    );
    return {
      ...task,
      progress: {
        ...progress,
        next: 'poll',
        step,
        forced: force,
        polls: 0,
        requestedAt: now.toISOString(),
        updatedBefore,
        wakeAt: deps.clock.wakeTimeAfter(delay.action === 'wait' ? delay.seconds : 1),
      },
    };
  };
}

/**
 * Claims (instance, model, step, target) for this run. A claim left by a run that has ended is
 * taken over, and so is one whose lease has lapsed (its run was stopped before it could record
 * its end); a claim of a run still at work is respected.
 */
async function claimUpgrade(deps: UnitDeps, task: StartUpgradeTask, claimedAt: string) {
  const { run, model, step } = task;
  const target = {
    instanceId: run.instanceId,
    customizationId: model.customizationId,
    upgradeStep: step,
    targetKey: targetKeyOf(task),
  };
  const claim = await deps.history.claim(target, run.runId, claimedAt);
  if (claim.granted) return claim;
  const holder = (await deps.history.runHistory(claim.heldBy)).run;
  const lapsed = claimHasLapsed(claim.claimedAt, deps.clock.now(), claimLeaseSeconds(task.options));
  if (holder?.outcome === 'running' && !lapsed) return claim;
  await deps.history.releaseClaims(run.instanceId, model.customizationId, claim.heldBy);
  return deps.history.claim(target, run.runId, claimedAt);
}

function requestUpgrade(stt: SttService, task: StartUpgradeTask): Promise<void> {
  const { model, step, force } = task;
  if (model.kind === 'language') return stt.upgradeLanguageModel(model.customizationId);
  if (step === 'upgrade') return stt.upgradeAcousticModel(model.customizationId);
  if (!model.languageModelId) {
    throw new SttError(ErrorName.RequestRejected, `${modelLabel(model)}: no language model to upgrade with`, {
      ibmMessage: 'not sent',
    });
  }
  // `force` only after IBM answered "No input data modified since last training", as IBM asks.
  return stt.upgradeAcousticModel(model.customizationId, {
    customLanguageModelId: model.languageModelId,
    ...(force ? { force: true } : {}),
  });
}

/** The version this step upgrades to: the announced one, else "whatever follows the newest we saw". */
function targetKeyOf({ options, progress }: StartUpgradeTask): string {
  const announced = options.targetVersions[progress.baseModelName];
  if (announced) return announced;
  const { newest } = newestVersion(progress.versionsBefore, progress.baseModelName);
  return `after:${newest?.suffix ?? progress.versionsBefore.toSorted().join('+')}`;
}

export const handler = awsUnitHandler(startUpgrade);
