import { loadTestSet, type TestSetSource } from '#adapters/test-sets/index.js';
import type { CorpusStore, MigrationSource, MigrationStt } from '#core/migration/index.js';
import { needsMigration } from '#core/migration/index.js';
import type { CustomModel } from '#core/model/custom-model.js';
import { wavSeconds } from '#core/verification/index.js';

export interface SourceReaderDeps {
  readonly stt: MigrationStt;
  readonly corpusStore: CorpusStore;
  /** The test set configured for a model, if any. */
  readonly testSetOf: (model: CustomModel) => string | null;
  readonly openTestSet: (name: string) => TestSetSource;
  /** Acoustic models the config pairs with a language model. */
  readonly pairedAcousticModels: (languageModelId: string) => readonly string[];
}

/** Minutes of audio in a test set; WAV lengths are read from the files, other formats count as unknown. */
async function testSetMinutes(testSet: TestSetSource): Promise<number | null> {
  const utterances = await loadTestSet(testSet);
  let seconds = 0;
  for (const utterance of utterances) {
    const length = wavSeconds(await testSet.readAudio(utterance.audio));
    if (length === undefined) return null;
    seconds += length;
  }
  return seconds / 60;
}

/** Everything the plan needs about one source model, read from IBM, the corpus store and its test set. */
export async function readMigrationSource(
  deps: SourceReaderDeps,
  model: CustomModel,
): Promise<MigrationSource> {
  const [words, corpora, grammars, storedCorpora] = await Promise.all([
    deps.stt.listWords(model.customizationId),
    deps.stt.listCorpora(model.customizationId),
    deps.stt.listGrammars(model.customizationId),
    deps.corpusStore.list(model),
  ]);
  const testSetName = deps.testSetOf(model);
  const testSet =
    testSetName === null
      ? null
      : await testSetMinutes(deps.openTestSet(testSetName)).then(
          (audioMinutes) => ({ name: testSetName, audioMinutes }),
          // A set named in the config but absent or unreadable is as good as missing; the plan says why.
          (error: unknown) => ({
            name: testSetName,
            audioMinutes: null,
            problem: error instanceof Error ? error.message : String(error),
          }),
        );
  return {
    model,
    words,
    corpora: corpora.map((c) => ({ name: c.name, totalWords: c.totalWords })),
    grammars,
    storedCorpora,
    pairedAcousticModels: deps.pairedAcousticModels(model.customizationId),
    testSet,
  };
}

/** The instance's language models, and the sources among them (previous- and next-generation), read in turn. */
export async function readMigrationSources(
  deps: SourceReaderDeps,
  only: readonly string[] = [],
): Promise<{ languageModels: CustomModel[]; sources: MigrationSource[] }> {
  const languageModels = await deps.stt.listLanguageModels();
  const candidates = languageModels
    .filter((m) => needsMigration(m.baseModelName))
    .filter((m) => only.length === 0 || only.includes(m.customizationId))
    .sort((a, b) => a.name.localeCompare(b.name) || a.customizationId.localeCompare(b.customizationId));
  const sources: MigrationSource[] = [];
  for (const model of candidates) sources.push(await readMigrationSource(deps, model));
  return { languageModels, sources };
}
