import type { Clock } from '../../contract/clock.js';
import type { RecordFailureTask } from '../unit-state.js';
import type { HistoryWrite } from './history-writes.js';

/**
 * Where every caught failure of a model lands: its attempt closes as failed with the error name and
 * a cause a person can read, and its claims are released so that a later run may try again.
 */
export function afterFailure(task: RecordFailureTask, cause: string, clock: Clock): readonly HistoryWrite[] {
  const writes: HistoryWrite[] = [];
  if (!task.progress) {
    // The model failed before its first check finished (e.g. it does not exist): open its attempt here.
    writes.push({
      kind: 'open-attempt',
      attempt: {
        kind: task.model.kind,
        modelName: '',
        baseModelName: '',
        statusBefore: 'unknown',
        versionBefore: null,
      },
    });
  }
  writes.push(
    {
      kind: 'update-attempt',
      change: {
        outcome: 'failed',
        error: task.failure.Error,
        reason: cause,
        endedAt: clock.now().toISOString(),
      },
    },
    { kind: 'release-claims' },
  );
  return writes;
}
