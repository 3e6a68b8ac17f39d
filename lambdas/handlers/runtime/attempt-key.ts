import type { RunContext } from '#core/unit-workflow.js';

/** The key of a model's upgrade attempt record in the history table. */
export function attemptKey(run: RunContext, customizationId: string, startedAt: string) {
  return { instanceId: run.instanceId, customizationId, startedAt, runId: run.runId };
}
