import { ErrorName, SttError } from '#core/contract/errors.js';
import { MigrationNext } from '#core/contract/workflow-contract.js';
import {
  corpusTaken,
  type MigrationRecord,
  type MigrationStep,
  missingWords,
  nextCorpusAction,
  proceed,
  rejectedWords,
  waitUntil,
  wordsRefusal,
} from '#core/migration/index.js';
import type { MigrationDeps } from '../runtime/migration-deps.js';
import { newModelOf, save, stop } from './record-writer.js';

/** IBM's advice: poll a corpus analysis every 10 seconds. */
const CORPUS_POLL_SECONDS = 10;

/** Adds the words the new model lacks, then records those IBM stored with an error. */
export async function addWords(deps: MigrationDeps, record: MigrationRecord): Promise<MigrationStep> {
  const stt = await deps.migrationStt(record.instanceId);
  const id = newModelOf(record);
  const missing = missingWords(record.words, await stt.listWords(id));
  if (missing.length > 0) {
    try {
      await stt.addWords(id, missing);
    } catch (error) {
      const refusal = error instanceof SttError ? wordsRefusal(error) : undefined;
      if (!refusal) throw error;
      return stop(deps, record, refusal.error, refusal.reason);
    }
  }
  await save(deps, record, { wordsRejected: rejectedWords(await stt.listWords(id)) });
  return proceed(MigrationNext.AddCorpora);
}

/** Adds the next corpus, or waits for the one IBM is analysing: one at a time. */
export async function addCorpora(deps: MigrationDeps, record: MigrationRecord): Promise<MigrationStep> {
  const stt = await deps.migrationStt(record.instanceId);
  const id = newModelOf(record);
  const wait = () => waitUntil(MigrationNext.WaitForCorpus, deps.clock.wakeTimeAfter(CORPUS_POLL_SECONDS));
  const decided = nextCorpusAction(record.corpora, await stt.listCorpora(id), record.corporaResent);
  switch (decided.action) {
    case 'wait':
      return wait();
    case 'done':
      return proceed(MigrationNext.Train);
    case 'stop':
      return stop(deps, record, decided.error, decided.reason);
    case 'add': {
      const text = await deps.corpusStore.read(decided.corpus.location);
      const noted = decided.overwrite
        ? await save(deps, record, { corporaResent: [...record.corporaResent, decided.corpus.name] })
        : record;
      try {
        await stt.addCorpus(id, decided.corpus.name, text, decided.overwrite);
      } catch (error) {
        if (!(error instanceof SttError) || error.name !== ErrorName.Transient) throw error;
        // Maybe started: the corpus listed means IBM took it; otherwise the retry adds it.
        if (!corpusTaken(await stt.listCorpora(id), decided.corpus.name)) throw error;
      }
      await save(deps, noted, {});
      return wait();
    }
  }
}
