import { ErrorName, SttError } from '#core/contract/errors.js';
import { MigrationNext } from '#core/contract/workflow-contract.js';
import {
  firstTrainingWaitSeconds,
  type MigrationRecord,
  type MigrationStep,
  nextTrainingAction,
  proceed,
  trainingFinished,
  trainingTaken,
  trainingWait,
  waitUntil,
} from '#core/migration/index.js';
import type { MigrationDeps } from '../runtime/migration-deps.js';
import { newModelOf, save, stop } from './record-writer.js';

/** Trains the new model once, deciding on its status, and polls it with the poll policy. */
export async function train(deps: MigrationDeps, record: MigrationRecord): Promise<MigrationStep> {
  const stt = await deps.migrationStt(record.instanceId);
  const id = newModelOf(record);
  const model = await stt.getLanguageModel(id);
  const decided = nextTrainingAction(model.status, model.error, record.wordsRejected.length);
  const waitSeconds = (seconds: number) =>
    waitUntil(MigrationNext.WaitForTraining, deps.clock.wakeTimeAfter(seconds));
  switch (decided.action) {
    case 'wait': {
      const wait = trainingWait(record, deps.clock.now(), deps.pollPolicy);
      if (wait.action === 'stop') return stop(deps, record, wait.error, wait.reason);
      await save(deps, record, { trainPolls: record.trainPolls + 1 });
      return waitSeconds(wait.seconds);
    }
    case 'done': {
      const finished = trainingFinished(record, deps.clock.now());
      if (finished) await save(deps, record, finished);
      return proceed(MigrationNext.Compare);
    }
    case 'stop':
      return stop(deps, record, decided.error, decided.reason);
    case 'train': {
      const noted = await save(deps, record, {
        trainRequestedAt: deps.clock.now().toISOString(),
        trainPolls: 0,
      });
      try {
        await stt.trainLanguageModel(id, { strict: decided.strict });
      } catch (error) {
        if (!(error instanceof SttError) || error.name !== ErrorName.Transient) throw error;
        if (!trainingTaken((await stt.getLanguageModel(id)).status)) throw error;
      }
      return waitSeconds(firstTrainingWaitSeconds(noted, deps.pollPolicy));
    }
  }
}
