import type { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import type { UnitHandler } from './unit-deps.js';

/**
 * The ids an event carries: the execution (run) name, the instance and the model. Read leniently:
 * a malformed event still gets logged with what it has, and its handler reports what is wrong.
 */
const eventIdsSchema = z.object({
  run: z.object({ runId: z.string(), instanceId: z.string() }).partial().optional().catch(undefined),
  model: z.object({ customizationId: z.string(), kind: z.string() }).partial().optional().catch(undefined),
  execution: z.object({ name: z.string() }).partial().optional().catch(undefined),
  input: z.object({ instanceId: z.unknown() }).partial().optional().catch(undefined),
});

/** Keys every log line of one invocation carries. Only ids: never the event, which is not ours to log. */
export function invocationKeys(event: unknown): Record<string, string> {
  const parsed = eventIdsSchema.safeParse(event);
  if (!parsed.success) return {};
  const { run, model, execution, input } = parsed.data;
  const keys: Record<string, string> = {};
  const executionName = run?.runId ?? execution?.name;
  if (executionName) keys.executionName = executionName;
  const instanceId =
    run?.instanceId ?? (typeof input?.instanceId === 'string' ? input.instanceId : undefined);
  if (instanceId) keys.instanceId = instanceId;
  if (model?.customizationId) keys.customizationId = model.customizationId;
  if (model?.kind) keys.modelKind = model.kind;
  return keys;
}

/** What a result says about the next step, for the one line each invocation logs. */
const resultSchema = z.object({
  progress: z.object({ next: z.string() }).partial().optional().catch(undefined),
  outcome: z.string().optional().catch(undefined),
});

/**
 * Wraps a handler so each invocation logs one structured line, keyed by execution, instance and
 * model: what comes next on success, the error name and message on failure (then rethrows, so
 * Step Functions' Retry and Catch rules see the same error).
 */
export function withInvocationLogging(logger: Logger, step: string, handle: UnitHandler): UnitHandler {
  return async (event) => {
    // A child per invocation: keys never leak between invocations, even concurrent ones in one process.
    const log = logger.createChild();
    log.appendPersistentKeys({ step, ...invocationKeys(event) });
    try {
      const result = await handle(event);
      const parsed = resultSchema.safeParse(result);
      const summary = parsed.success
        ? { next: parsed.data.progress?.next, outcome: parsed.data.outcome }
        : {};
      log.info('step finished', summary);
      return result;
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      log.error('step failed', { errorName: name, errorMessage: message });
      throw error;
    }
  };
}
