import { ErrorName, MigrationNext } from '../contract/workflow-contract.js';
import type { MigrationRecord } from './migration-record.js';
import type { MigrationStep } from './migration-task.js';

/** Every answer has every field: the state machine's result selector reads them all. */
export const proceed = (next: MigrationStep['next']): MigrationStep => ({
  next,
  wakeAt: '',
  error: '',
  cause: '',
});

/** A wait until `wakeAt` (from the workflow's clock) before the state machine goes on. */
export const waitUntil = (next: MigrationStep['next'], wakeAt: string): MigrationStep => ({
  ...proceed(next),
  wakeAt,
});

/** The answer of a migration that stops: the state machine fails with `error`, the cause names the model. */
export function stoppedAnswer(
  record: Pick<MigrationRecord, 'sourceName' | 'sourceId'>,
  error: ErrorName,
  reason: string,
): MigrationStep {
  return {
    next: MigrationNext.Stopped,
    wakeAt: '',
    error,
    cause: `${record.sourceName || record.sourceId}: ${reason}`,
  };
}

/** What a record of a stopped migration holds. */
export const stoppedChange = (error: ErrorName, reason: string): Partial<MigrationRecord> => ({
  status: 'failed',
  error: { name: error, reason },
});

/**
 * The stable name of a failure the state machine caught: one of ours when Step Functions passes it
 * through, else `RequestRejected` (a Lambda error, a timeout) with its own text as the reason.
 */
export function caughtFailure(
  failure: { readonly Error?: string | undefined; readonly Cause?: string | undefined } | undefined,
): {
  error: ErrorName;
  reason: string;
} {
  const error = Object.values(ErrorName).find((n) => n === failure?.Error) ?? ErrorName.RequestRejected;
  return { error, reason: failure?.Cause ?? failure?.Error ?? 'the step failed' };
}
