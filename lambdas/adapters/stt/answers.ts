import { z } from 'zod';
import { ErrorName, SttError } from '#core/contract/errors.js';
import { describeIssues } from '#core/contract/parse.js';
import type {
  AudioSummary,
  CustomModel,
  InvalidResource,
  LanguageResources,
  ModelKind,
} from '#core/model/custom-model.js';

const modelStatusSchema = z.enum(['pending', 'ready', 'training', 'available', 'upgrading', 'failed']);

/**
 * A custom model as IBM describes it (LanguageModel; AcousticModel is the same without `dialect`
 * and `error`). Unknown fields are dropped; the SDK types every field optional, but the upgrader
 * cannot decide anything without id, base model and status, so those are required.
 */
const customModelAnswerSchema = z.object({
  customization_id: z.string().min(1),
  name: z.string().default(''),
  base_model_name: z.string().min(1),
  versions: z.array(z.string()).default([]),
  status: modelStatusSchema,
  updated: z.string().optional(),
  created: z.string().optional(),
  language: z.string().optional(),
  error: z.string().optional(),
  warnings: z.string().optional(),
  description: z.string().optional(),
});

type CustomModelAnswer = z.output<typeof customModelAnswerSchema>;

const customModelsAnswerSchema = z.object({ customizations: z.array(customModelAnswerSchema) });

const audioResourcesAnswerSchema = z.object({
  total_minutes_of_audio: z.number().nonnegative(),
  audio: z.array(z.object({ name: z.string() })),
});

function toCustomModel(kind: ModelKind, answer: CustomModelAnswer): CustomModel {
  return {
    kind,
    customizationId: answer.customization_id,
    name: answer.name,
    baseModelName: answer.base_model_name,
    versions: answer.versions,
    status: answer.status,
    updated: answer.updated,
    created: answer.created,
    language: answer.language,
    error: answer.error ?? answer.warnings,
    ...(answer.description !== undefined && { description: answer.description }),
  };
}

/** Where an answer came from, for the error message when it does not parse. */
export interface AnswerSource {
  readonly operation: string;
  readonly customizationId?: string;
}

function parseAnswer<T extends z.ZodType>(schema: T, body: unknown, source: AnswerSource): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = describeIssues(result.error).join('; ');
  const subject = source.customizationId ? `${source.operation} ${source.customizationId}` : source.operation;
  throw new SttError(
    ErrorName.InvalidResponse,
    `${subject}: the answer does not have the documented shape (${issues})`,
    {
      ibmMessage: issues,
    },
  );
}

export function parseCustomModel(kind: ModelKind, body: unknown, source: AnswerSource): CustomModel {
  return toCustomModel(kind, parseAnswer(customModelAnswerSchema, body, source));
}

export function parseCustomModels(kind: ModelKind, body: unknown, source: AnswerSource): CustomModel[] {
  return parseAnswer(customModelsAnswerSchema, body, source).customizations.map((model) =>
    toCustomModel(kind, model),
  );
}

export function parseAudioSummary(body: unknown, source: AnswerSource): AudioSummary {
  const answer = parseAnswer(audioResourcesAnswerSchema, body, source);
  return { totalMinutesOfAudio: answer.total_minutes_of_audio, resourceCount: answer.audio.length };
}

const corporaAnswerSchema = z.object({
  corpora: z.array(
    z.object({
      name: z.string(),
      total_words: z.number().int().nonnegative().default(0),
      status: z.string(),
      error: z.string().optional(),
    }),
  ),
});

const wordsAnswerSchema = z.object({
  words: z.array(
    z.object({
      word: z.string(),
      source: z.array(z.string()).default([]),
      error: z.array(z.record(z.string(), z.string())).optional(),
    }),
  ),
});

const grammarsAnswerSchema = z.object({
  grammars: z.array(z.object({ name: z.string(), status: z.string(), error: z.string().optional() })),
});

/**
 * A language model's size and its unusable resources, from its three listings. IBM marks a corpus
 * or grammar it could not analyse `undetermined` and gives a word with bad data an `error` list.
 */
export function parseLanguageResources(
  bodies: { readonly corpora: unknown; readonly words: unknown; readonly grammars: unknown },
  source: AnswerSource,
): LanguageResources {
  const { corpora } = parseAnswer(corporaAnswerSchema, bodies.corpora, {
    ...source,
    operation: 'list_corpora',
  });
  const { words } = parseAnswer(wordsAnswerSchema, bodies.words, { ...source, operation: 'list_words' });
  const { grammars } = parseAnswer(grammarsAnswerSchema, bodies.grammars, {
    ...source,
    operation: 'list_grammars',
  });
  const customWords = words.filter((word) => word.source.includes('user')).length;
  const invalid: InvalidResource[] = [
    ...corpora
      .filter((corpus) => corpus.status === 'undetermined')
      .map((corpus) => ({
        kind: 'corpus' as const,
        name: corpus.name,
        error: corpus.error ?? 'not analysed',
      })),
    ...words
      .filter((word) => word.error && word.error.length > 0)
      .map((word) => ({
        kind: 'word' as const,
        name: word.word,
        error: (word.error ?? []).flatMap((entry) => Object.values(entry)).join('; '),
      })),
    ...grammars
      .filter((grammar) => grammar.status === 'undetermined')
      .map((grammar) => ({
        kind: 'grammar' as const,
        name: grammar.name,
        error: grammar.error ?? 'not analysed',
      })),
  ];
  return {
    totalWords: corpora.reduce((sum, corpus) => sum + corpus.total_words, 0) + customWords,
    invalid,
  };
}
