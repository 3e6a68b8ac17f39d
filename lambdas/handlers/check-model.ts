import { hasVersion } from '#core/base-model-version.js';
import { UpgraderError } from '#core/errors.js';
import { modelLabel } from '#core/model-label.js';
import { parseOrThrow } from '#core/parse.js';
import { busyRecheckDelaySeconds, expectedUpgradeSeconds } from '#core/poll-policy.js';
import { type ModelProgress, modelTaskSchema } from '#core/unit-workflow.js';
import { decideOnCheck, skipReasonText } from '#core/upgrade-decision.js';
import { attemptKey } from './runtime/attempt-key.js';
import { awsUnitHandler } from './runtime/aws-unit-deps.js';
import { readModel } from './runtime/read-model.js';
import type { UnitDeps, UnitHandler } from './runtime/unit-deps.js';

/**
 * Step 1 of IBM's procedure: read the model and decide. Upgrade it, skip it with a recorded
 * reason, or wait while it is busy (training, upgrading) until the busy deadline.
 */
export function checkModel(deps: UnitDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(modelTaskSchema, event, 'check-model input');
    const { run, options, model: ref } = task;
    const stt = await deps.stt(run.instanceId);
    const model = await readModel(stt, ref);
    const audio = ref.kind === 'acoustic' ? await stt.listAudio(ref.customizationId) : undefined;
    const now = deps.clock.now();
    const attemptStartedAt = task.progress?.attemptStartedAt ?? now.toISOString();
    const key = attemptKey(run, ref.customizationId, attemptStartedAt);
    if (!task.progress) {
      await deps.history.startAttempt({
        ...key,
        kind: ref.kind,
        modelName: model.name,
        baseModelName: model.baseModelName,
        trigger: run.trigger,
        statusBefore: model.status,
        versionBefore: model.versions.at(-1) ?? null,
        targetVersion: options.targetVersions[model.baseModelName],
      });
    }
    const busySince = task.progress?.busySince ?? null;
    const target = options.targetVersions[model.baseModelName];
    const decision = decideOnCheck({
      model,
      audio,
      onTargetVersion: target !== undefined && hasVersion(model.versions, model.baseModelName, target),
      dryRun: run.dryRun,
      busyForSeconds: busySince ? (now.getTime() - Date.parse(busySince)) / 1000 : 0,
      busyDeadlineSeconds: options.busyDeadlineSeconds,
    });
    await deps.history.recordStep(
      {
        runId: run.runId,
        customizationId: ref.customizationId,
        step: 'check',
        at: now.toISOString(),
        detail: { status: model.status, decision: decision.action },
      },
      `check-${now.getTime()}`,
    );
    if (decision.action === 'give-up') {
      throw new UpgraderError(decision.error, `${modelLabel(ref, model.name)}, check: ${decision.message}`);
    }
    const progress: ModelProgress = {
      next: 'start-upgrade',
      wakeAt: null,
      attemptStartedAt,
      busySince: null,
      modelName: model.name,
      baseModelName: model.baseModelName,
      step: null,
      requestedAt: null,
      statusBefore: model.status,
      versionsBefore: [...model.versions],
      updatedBefore: model.updated ?? null,
      expectedSeconds: 0,
      polls: 0,
      forced: false,
    };
    switch (decision.action) {
      case 'wait': {
        const waitedSeconds = busySince ? (now.getTime() - Date.parse(busySince)) / 1000 : 0;
        const delay = busyRecheckDelaySeconds({ kind: ref.kind, waitedSeconds }, deps.pollPolicy);
        return {
          ...task,
          progress: {
            ...progress,
            next: 'wait-until-free',
            busySince: busySince ?? now.toISOString(),
            wakeAt: deps.clock.wakeTimeAfter(delay),
          },
        };
      }
      case 'skip':
        await deps.history.updateAttempt(key, {
          outcome: 'skipped',
          reason: skipReasonText[decision.reason],
          endedAt: now.toISOString(),
        });
        return { ...task, progress: { ...progress, next: 'skip' } };
      case 'upgrade': {
        const pastDurationsSeconds = await deps.history.pastUpgradeDurations(
          run.instanceId,
          ref.customizationId,
        );
        const expectedSeconds = expectedUpgradeSeconds(
          { kind: ref.kind, audioMinutes: audio?.totalMinutesOfAudio, pastDurationsSeconds },
          deps.pollPolicy,
        );
        return { ...task, progress: { ...progress, expectedSeconds } };
      }
    }
  };
}

export const handler = awsUnitHandler(checkModel);
