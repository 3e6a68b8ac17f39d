import { readMigrationSource } from '#adapters/migration/source-reader.js';
import { loadTestSet } from '#adapters/test-sets/index.js';
import { ErrorName, SttError } from '#core/contract/errors.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { MigrationNext, MigrationPhase } from '#core/contract/workflow-contract.js';
import {
  compareMigration,
  type MigrationEvent,
  type MigrationInput,
  type MigrationRecord,
  type MigrationStep,
  type MigrationStt,
  migrationEventSchema,
  migrationInputSchema,
  migrationNotice,
  modelsMigratedFrom,
  nextCorpusAction,
  nextTrainingAction,
  planMigration,
} from '#core/migration/index.js';
import { testSetFor } from '#core/settings/instance-settings.js';
import { expectedUpgradeSeconds, nextPollDelaySeconds } from '#core/unit/poll-policy.js';
import { wavSeconds } from '#core/verification/index.js';
import { awsMigrationHandler, type MigrationDeps } from './runtime/migration-deps.js';
import type { UnitHandler } from './runtime/unit-deps.js';

/** IBM's advice: poll a corpus analysis every 10 seconds. */
const CORPUS_POLL_SECONDS = 10;

/** Every answer has every field: the state machine's result selector reads them all. */
const go = (next: MigrationStep['next']): MigrationStep => ({ next, wakeAt: '', error: '', cause: '' });

/** A wait of `seconds` of the workflow's time before the state machine goes on. */
const waitFor = (deps: MigrationDeps, next: MigrationStep['next'], seconds: number): MigrationStep => ({
  ...go(next),
  wakeAt: deps.clock.wakeTimeAfter(seconds),
});

/**
 * Moves one custom language model to a large speech model, one phase per task: prepare, create
 * (or find) the new model, add words, add corpora one at a time, train, compare on the test set.
 * Each phase reads the migration record, looks at IBM, decides in core, acts once and writes the
 * record, so a retried or re-run phase resumes where the last one stopped. The source model is only
 * ever read and recognised with.
 */
export function migrateModel(deps: MigrationDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(migrationEventSchema, event, 'migrate-model input');
    const input = parseOrThrow(migrationInputSchema, task.input, 'Migration execution input');
    const runId = task.execution.name;
    if (task.phase === MigrationPhase.Prepare) return prepare(deps, input, runId);
    const record = await deps.history.migration.get(input.instanceId, input.sourceId);
    if (!record && task.phase === MigrationPhase.RecordFailure) {
      // Prepare itself failed (the source unknown, IBM unreachable): nothing was recorded or created.
      return {
        next: MigrationNext.Stopped,
        wakeAt: '',
        error: task.failure?.Error ?? 'Error',
        cause: task.failure?.Cause ?? '',
      };
    }
    if (!record) throw new Error(`no migration record of ${input.sourceId} on ${input.instanceId}`);
    switch (task.phase) {
      case MigrationPhase.Create:
        return create(deps, record);
      case MigrationPhase.AddWords:
        return addWords(deps, record);
      case MigrationPhase.AddCorpora:
        return addCorpora(deps, record);
      case MigrationPhase.Train:
        return train(deps, record);
      case MigrationPhase.Compare:
        return compare(deps, record);
      case MigrationPhase.RecordFailure:
        return recordFailure(deps, record, task.failure);
    }
  };
}

async function save(deps: MigrationDeps, record: MigrationRecord, change: Partial<MigrationRecord>) {
  return deps.history.migration.put({ ...record, ...change, updatedAt: deps.clock.now().toISOString() });
}

async function stop(
  deps: MigrationDeps,
  record: MigrationRecord,
  error: ErrorName,
  reason: string,
): Promise<MigrationStep> {
  await save(deps, record, { status: 'failed', error: { name: error, reason } });
  return {
    next: MigrationNext.Stopped,
    wakeAt: '',
    error,
    cause: `${record.sourceName || record.sourceId}: ${reason}`,
  };
}

async function prepare(deps: MigrationDeps, input: MigrationInput, runId: string): Promise<MigrationStep> {
  const stt = await deps.migrationStt(input.instanceId);
  const settings = await deps.instanceSettings(input.instanceId);
  // The reader asks about the source alone: the one language model whose pairings matter here.
  const paired = await deps.pairedAcousticModels(input.instanceId, input.sourceId);
  const [source, languageModels] = await Promise.all([
    stt.getLanguageModel(input.sourceId),
    stt.listLanguageModels(),
  ]);
  const facts = await readMigrationSource(
    {
      stt,
      corpusStore: deps.corpusStore,
      testSetOf: (m) => (settings ? testSetFor(settings.testSets, m.customizationId, m.baseModelName) : null),
      openTestSet: deps.testSet,
      pairedAcousticModels: (lm) => (lm === input.sourceId ? paired : []),
    },
    source,
  );
  const [planned] = planMigration({
    instanceId: input.instanceId,
    languageModels,
    sources: [facts],
    settings: deps.migration,
  }).models;
  const previous = await deps.history.migration.get(input.instanceId, input.sourceId);
  const record: MigrationRecord = {
    instanceId: input.instanceId,
    sourceId: input.sourceId,
    sourceName: source.name,
    sourceBaseModel: source.baseModelName,
    target: planned?.target ?? source.baseModelName,
    newModelName: planned?.newModel.name ?? source.name,
    newModelId: previous?.newModelId ?? planned?.newModel.existingId ?? null,
    runId,
    status: 'running',
    words: [...(planned?.words ?? [])].map((w) => ({ ...w, soundsLike: [...w.soundsLike] })),
    corpora: [...(planned?.corpora ?? [])],
    testSet: planned?.testSet ?? null,
    leftBehind: [...(planned?.leftBehind ?? [])],
    wordsRejected: [],
    corporaResent: [],
    trainPolls: 0,
    updatedAt: deps.clock.now().toISOString(),
  };
  if (!planned)
    return stop(
      deps,
      record,
      ErrorName.NoLsmTarget,
      `${source.baseModelName} is already a large speech model`,
    );
  // A migration already started needs no room: its model exists. Any other blocker stops it.
  if (planned.blocked && !(planned.blocked.error === ErrorName.ModelLimitReached && record.newModelId)) {
    return stop(deps, record, planned.blocked.error, planned.blocked.reason);
  }
  await deps.history.migration.put(record);
  return go(MigrationNext.Create);
}

/** Whether the model still exists at IBM: someone may have deleted the new model since the last run. */
async function exists(stt: MigrationStt, customizationId: string): Promise<boolean> {
  try {
    await stt.getLanguageModel(customizationId);
    return true;
  } catch (error) {
    if (error instanceof SttError && error.name === ErrorName.ModelNotFound) return false;
    throw error;
  }
}

async function create(deps: MigrationDeps, record: MigrationRecord): Promise<MigrationStep> {
  const stt = await deps.migrationStt(record.instanceId);
  if (record.newModelId && (await exists(stt, record.newModelId))) return go(MigrationNext.AddWords);
  // Look before creating: a create whose answer was lost, or a crash before the record was written,
  // left the model at IBM with the source id in its description.
  const findExisting = async () =>
    modelsMigratedFrom(await stt.listLanguageModels(), record.sourceId, record.target)[0];
  const existing = await findExisting();
  if (existing) {
    await save(deps, record, { newModelId: existing.customizationId });
    return go(MigrationNext.AddWords);
  }
  const noted = await save(deps, record, { createRequestedAt: deps.clock.now().toISOString() });
  try {
    const id = await stt.createLanguageModel({
      name: record.newModelName,
      baseModelName: record.target,
      description: `Migrated from ${record.sourceId}`,
    });
    await save(deps, noted, { newModelId: id });
    return go(MigrationNext.AddWords);
  } catch (error) {
    if (error instanceof SttError && error.name === ErrorName.ModelLimitReached) {
      return stop(deps, noted, ErrorName.ModelLimitReached, error.ibmMessage);
    }
    if (!(error instanceof SttError) || error.name !== ErrorName.Transient) throw error;
    // Maybe started: decide by what IBM shows, never by the missing answer.
    const created = await findExisting();
    if (!created) throw error;
    await save(deps, noted, { newModelId: created.customizationId });
    return go(MigrationNext.AddWords);
  }
}

function newModelOf(record: MigrationRecord): string {
  if (!record.newModelId) throw new Error(`the migration of ${record.sourceId} has no new model yet`);
  return record.newModelId;
}

async function addWords(deps: MigrationDeps, record: MigrationRecord): Promise<MigrationStep> {
  const stt = await deps.migrationStt(record.instanceId);
  const id = newModelOf(record);
  const present = new Set((await stt.listWords(id)).map((w) => w.word));
  const missing = record.words.filter((w) => !present.has(w.word));
  if (missing.length > 0) {
    try {
      // Adding a word again only overwrites it: a retry after a lost answer is harmless.
      await stt.addWords(id, missing);
    } catch (error) {
      if (error instanceof SttError && error.name === ErrorName.RequestRejected && error.status === 400) {
        return stop(deps, record, ErrorName.WordsRejected, `IBM refused the words: ${error.ibmMessage}`);
      }
      throw error;
    }
  }
  const rejected = (await stt.listWords(id))
    .filter((w) => w.error !== undefined)
    .map((w) => ({ word: w.word, reason: w.error ?? '' }));
  await save(deps, record, { wordsRejected: rejected });
  return go(MigrationNext.AddCorpora);
}

async function addCorpora(deps: MigrationDeps, record: MigrationRecord): Promise<MigrationStep> {
  const stt = await deps.migrationStt(record.instanceId);
  const id = newModelOf(record);
  const decided = nextCorpusAction(record.corpora, await stt.listCorpora(id), record.corporaResent);
  switch (decided.action) {
    case 'wait':
      return waitFor(deps, MigrationNext.WaitForCorpus, CORPUS_POLL_SECONDS);
    case 'done':
      return go(MigrationNext.Train);
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
        const listed = (await stt.listCorpora(id)).some(
          (c) => c.name === decided.corpus.name && c.status !== 'undetermined',
        );
        if (!listed) throw error;
      }
      await save(deps, noted, {});
      return waitFor(deps, MigrationNext.WaitForCorpus, CORPUS_POLL_SECONDS);
    }
  }
}

async function train(deps: MigrationDeps, record: MigrationRecord): Promise<MigrationStep> {
  const stt = await deps.migrationStt(record.instanceId);
  const id = newModelOf(record);
  const model = await stt.getLanguageModel(id);
  const decided = nextTrainingAction(model.status, model.error, record.wordsRejected.length);
  const wait = async () => {
    const expected = expectedUpgradeSeconds(
      { kind: 'language', wordCount: record.words.length },
      deps.pollPolicy,
    );
    const started = Date.parse(record.trainRequestedAt ?? deps.clock.now().toISOString());
    const decision = nextPollDelaySeconds(
      {
        kind: 'language',
        expectedSeconds: expected,
        elapsedSeconds: Math.max(0, (deps.clock.now().getTime() - started) / 1000),
        pollsSoFar: record.trainPolls,
      },
      deps.pollPolicy,
    );
    if (decision.action === 'budget-exhausted') {
      return stop(
        deps,
        record,
        ErrorName.PollBudgetExhausted,
        'training outlasted the poll budget; run again to go on',
      );
    }
    await save(deps, record, { trainPolls: record.trainPolls + 1 });
    return waitFor(deps, MigrationNext.WaitForTraining, decision.seconds);
  };
  switch (decided.action) {
    case 'wait':
      return wait();
    case 'done':
      if (record.trainRequestedAt !== undefined && record.trainedAt === undefined) {
        await save(deps, record, { trainedAt: deps.clock.now().toISOString() });
      }
      return go(MigrationNext.Compare);
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
        // Maybe started: training (or already trained) means IBM took the request.
        const status = (await stt.getLanguageModel(id)).status;
        if (status !== 'training' && status !== 'available') throw error;
      }
      return firstTrainingWait(deps, noted);
    }
  }
}

/** The first wait after the train request, from the poll policy's expectation. */
async function firstTrainingWait(deps: MigrationDeps, record: MigrationRecord): Promise<MigrationStep> {
  const expected = expectedUpgradeSeconds(
    { kind: 'language', wordCount: record.words.length },
    deps.pollPolicy,
  );
  const decision = nextPollDelaySeconds(
    { kind: 'language', expectedSeconds: expected, elapsedSeconds: 0, pollsSoFar: 0 },
    deps.pollPolicy,
  );
  return waitFor(deps, MigrationNext.WaitForTraining, decision.action === 'wait' ? decision.seconds : 10);
}

async function compare(deps: MigrationDeps, record: MigrationRecord): Promise<MigrationStep> {
  if (!record.testSet)
    return stop(deps, record, ErrorName.TestSetMissing, 'no test set is configured for it');
  const testSet = deps.testSet(record.testSet);
  let utterances: Awaited<ReturnType<typeof loadTestSet>>;
  try {
    utterances = await loadTestSet(testSet);
  } catch (error) {
    return stop(
      deps,
      record,
      ErrorName.TestSetMissing,
      error instanceof Error ? error.message : String(error),
    );
  }
  const recognizer = await deps.recognizer(record.instanceId);
  const weight = deps.verification.customizationWeight;
  // Identical parameters but the model and the customization: the default weights differ by family, so
  // a configured weight goes on both, and otherwise neither gets one.
  const parameters = (model: string, languageCustomizationId: string) => ({
    model,
    languageCustomizationId,
    ...(weight !== undefined && { customizationWeight: weight }),
  });
  const heard = [];
  for (const utterance of utterances) {
    const audio = await testSet.readAudio(utterance.audio);
    const request = { audio, contentType: utterance.contentType };
    const source = await recognizer.recognize({
      ...request,
      parameters: parameters(record.sourceBaseModel, record.sourceId),
    });
    const target = await recognizer.recognize({
      ...request,
      parameters: parameters(record.target, newModelOf(record)),
    });
    heard.push({ reference: utterance.reference, source, target, audioSeconds: wavSeconds(audio) ?? null });
  }
  const comparison = compareMigration(heard, deps.verification.maxWerIncrease, record.target);
  const finished = await save(deps, record, {
    status: 'migrated',
    comparison: {
      ...comparison,
      wordsLost: [...comparison.wordsLost],
      wordsGained: [...comparison.wordsGained],
      warnings: [...comparison.warnings],
    },
  });
  await deps.notifier?.notify(migrationNotice(finished));
  return go(MigrationNext.Done);
}

async function recordFailure(
  deps: MigrationDeps,
  record: MigrationRecord,
  failure: MigrationEvent['failure'],
): Promise<MigrationStep> {
  const name = Object.values(ErrorName).find((n) => n === failure?.Error) ?? ErrorName.RequestRejected;
  return stop(deps, record, name, failure?.Cause ?? failure?.Error ?? 'the step failed');
}

export const handler = awsMigrationHandler(migrateModel);
