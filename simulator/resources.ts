import { z } from 'zod';
import { ApiError, SimulatorMessages } from './messages.js';
import type { CorpusEntry, GrammarEntry, SimModel } from './model.js';
import type { ModelStore } from './store.js';

const grammarTypes = new Set(['application/srgs', 'application/srgs+xml', 'application/jsgf']);

/** `POST /v1/customizations/{id}/grammars/{name}`: the grammar's words count as out of vocabulary. */
export function addGrammar(
  store: ModelStore,
  id: string,
  name: string,
  text: string,
  contentType: string,
  overwrite: boolean,
): void {
  const model = withGrammars(store, id);
  store.assertNotLocked(model);
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!grammarTypes.has(type)) throw new ApiError(400, SimulatorMessages.unsupportedGrammarType(contentType));
  if (model.grammars.has(name) && !overwrite)
    throw new ApiError(400, SimulatorMessages.resourceExists('grammar', name));
  const words = new Set(text.toLowerCase().match(/\b[\p{L}']+\b/gu) ?? []);
  model.grammars.set(name, { name, out_of_vocabulary_words: words.size, status: 'analyzed' });
  model.status = 'ready';
  model.error = undefined;
  model.updated = store.now();
}

export function listCorpora(store: ModelStore, id: string): { corpora: CorpusEntry[] } {
  return { corpora: [...store.require(id, 'language').corpora.values()] };
}

export function getCorpus(store: ModelStore, id: string, name: string): CorpusEntry {
  const corpus = store.require(id, 'language').corpora.get(name);
  if (!corpus) throw new ApiError(404, SimulatorMessages.noSuchCorpus(id, name));
  return corpus;
}

export function listGrammars(store: ModelStore, id: string): { grammars: GrammarEntry[] } {
  return { grammars: [...withGrammars(store, id).grammars.values()] };
}

/** A language model whose base model has grammars; large speech models refuse every grammar request. */
function withGrammars(store: ModelStore, id: string): SimModel {
  const model = store.require(id, 'language');
  if (store.catalog.get(model.baseModelName)?.grammars === false)
    throw new ApiError(400, SimulatorMessages.lsmNoGrammars);
  return model;
}

/** Body of `POST /_simulator/models/{id}/invalid-resources`: existing resources to mark invalid. */
export const invalidResourcesSchema = z
  .strictObject({
    corpora: z.array(z.string().min(1)).optional(),
    words: z.array(z.string().min(1)).optional(),
    grammars: z.array(z.string().min(1)).optional(),
    error: z.string().min(1).optional(),
  })
  .refine(
    (body) => (body.corpora?.length ?? 0) + (body.words?.length ?? 0) + (body.grammars?.length ?? 0) > 0,
    {
      message: 'name at least one corpus, word or grammar',
    },
  );

export type InvalidResources = z.infer<typeof invalidResourcesSchema>;

/** Issues naming each resource the model does not have, as `field.index: message`. */
function missingResources(model: SimModel, request: InvalidResources): string[] {
  const issues: string[] = [];
  const check = (field: string, names: readonly string[] | undefined, has: (n: string) => boolean): void => {
    names?.forEach((name, i) => {
      if (!has(name))
        issues.push(`${field}.${i}: customization '${model.id}' has no ${field} entry '${name}'`);
    });
  };
  check('corpora', request.corpora, (n) => model.corpora.has(n));
  check('words', request.words, (n) => model.words.has(n));
  check('grammars', request.grammars, (n) => model.grammars.has(n));
  return issues;
}

/**
 * Marks a language model's corpora, words or grammars invalid, as IBM does when it cannot analyse
 * them. Returns the issues instead when a named resource does not exist; then nothing changes.
 */
export function markInvalid(model: SimModel, request: InvalidResources): string[] {
  const issues = missingResources(model, request);
  if (issues.length > 0) return issues;
  const error = request.error ?? 'The resource could not be analyzed';
  for (const name of request.corpora ?? []) {
    const corpus = model.corpora.get(name) as CorpusEntry;
    model.corpora.set(name, { ...corpus, status: 'undetermined', error });
  }
  for (const name of request.grammars ?? []) {
    const grammar = model.grammars.get(name) as GrammarEntry;
    model.grammars.set(name, { ...grammar, status: 'undetermined', error });
  }
  for (const name of request.words ?? []) {
    const word = model.words.get(name);
    if (word) model.words.set(name, { ...word, error: [{ word: error }] });
  }
  return [];
}

/** The invalid resources of a model, as IBM's training warnings name them. */
export function invalidResourcesOf(model: SimModel): { code: string; names: string[] }[] {
  const found = [
    {
      code: 'invalid_corpus_files',
      names: [...model.corpora.values()].filter((c) => c.status === 'undetermined').map((c) => c.name),
    },
    {
      code: 'invalid_words',
      names: [...model.words.values()].filter((w) => w.error !== undefined).map((w) => w.word),
    },
    {
      code: 'invalid_grammar_files',
      names: [...model.grammars.values()].filter((g) => g.status === 'undetermined').map((g) => g.name),
    },
  ];
  return found.filter((entry) => entry.names.length > 0);
}
