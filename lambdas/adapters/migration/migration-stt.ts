import type SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { z } from 'zod';
import { ErrorName, SttError } from '#core/contract/errors.js';
import { describeIssues } from '#core/contract/parse.js';
import type { CarriedWord, CorpusState, MigrationStt, SourceWord } from '#core/migration/index.js';
import type { CustomModel } from '#core/model/custom-model.js';
import { parseCustomModel, parseCustomModels } from '../stt/answers.js';
import type { SttConnection } from '../stt/connection.js';
import { toSttError } from '../stt/errors.js';
import { createSdkClient } from '../stt/sdk-client.js';

const wordsSchema = z.object({
  words: z.array(
    z.object({
      word: z.string(),
      sounds_like: z.array(z.string()).default([]),
      display_as: z.string().optional(),
      source: z.array(z.string()).default([]),
      error: z.array(z.record(z.string(), z.string())).optional(),
    }),
  ),
});

const corporaSchema = z.object({
  corpora: z.array(
    z.object({
      name: z.string(),
      status: z.enum(['analyzed', 'being_processed', 'undetermined']),
      total_words: z.number().int().nonnegative().default(0),
      error: z.string().optional(),
    }),
  ),
});

const grammarsSchema = z.object({ grammars: z.array(z.object({ name: z.string() })) });
const createdSchema = z.object({ customization_id: z.string().min(1) });

function parsed<T extends z.ZodType>(schema: T, body: unknown, operation: string, id?: string): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = describeIssues(result.error).join('; ');
  throw new SttError(
    ErrorName.InvalidResponse,
    `${[operation, id].filter(Boolean).join(' ')}: the answer does not have the documented shape (${issues})`,
    { ibmMessage: issues },
  );
}

/** One SDK call; any failure becomes an `SttError`. Reads are retried by the state machine, like writes. */
async function call(operation: string, id: string | undefined, request: () => Promise<{ result: unknown }>) {
  try {
    return (await request()).result;
  } catch (error) {
    throw toSttError(operation, id, error);
  }
}

class SdkMigrationStt implements MigrationStt {
  constructor(private readonly sdk: SpeechToTextV1) {}

  async listLanguageModels(): Promise<CustomModel[]> {
    const body = await call('list_language_models', undefined, () => this.sdk.listLanguageModels());
    return parseCustomModels('language', body, { operation: 'list_language_models' });
  }

  async getLanguageModel(customizationId: string): Promise<CustomModel> {
    const body = await call('get_language_model', customizationId, () =>
      this.sdk.getLanguageModel({ customizationId }),
    );
    return parseCustomModel('language', body, { operation: 'get_language_model', customizationId });
  }

  async listWords(customizationId: string): Promise<SourceWord[]> {
    const body = await call('list_words', customizationId, () => this.sdk.listWords({ customizationId }));
    return parsed(wordsSchema, body, 'list_words', customizationId).words.map((w) => ({
      word: w.word,
      soundsLike: w.sounds_like,
      displayAs: w.display_as,
      source: w.source,
      error: w.error && w.error.length > 0 ? w.error.flatMap((e) => Object.values(e)).join('; ') : undefined,
    }));
  }

  async listCorpora(customizationId: string): Promise<CorpusState[]> {
    const body = await call('list_corpora', customizationId, () => this.sdk.listCorpora({ customizationId }));
    return parsed(corporaSchema, body, 'list_corpora', customizationId).corpora.map((c) => ({
      name: c.name,
      status: c.status,
      totalWords: c.total_words,
      error: c.error,
    }));
  }

  async listGrammars(customizationId: string): Promise<string[]> {
    const body = await call('list_grammars', customizationId, () =>
      this.sdk.listGrammars({ customizationId }),
    );
    return parsed(grammarsSchema, body, 'list_grammars', customizationId).grammars.map((g) => g.name);
  }

  async createLanguageModel(model: {
    name: string;
    baseModelName: string;
    description: string;
  }): Promise<string> {
    const body = await call('create_language_model', undefined, () => this.sdk.createLanguageModel(model));
    return parsed(createdSchema, body, 'create_language_model').customization_id;
  }

  async addWords(customizationId: string, words: readonly CarriedWord[]): Promise<void> {
    await call('add_words', customizationId, () =>
      this.sdk.addWords({
        customizationId,
        words: words.map((w) => ({
          word: w.word,
          ...(w.soundsLike.length > 0 && { sounds_like: [...w.soundsLike] }),
          ...(w.displayAs !== undefined && { display_as: w.displayAs }),
        })),
      }),
    );
  }

  async addCorpus(customizationId: string, name: string, text: string, overwrite: boolean): Promise<void> {
    await call('add_corpus', customizationId, () =>
      this.sdk.addCorpus({
        customizationId,
        corpusName: name,
        corpusFile: Buffer.from(text, 'utf8'),
        ...(overwrite && { allowOverwrite: true }),
      }),
    );
  }

  async trainLanguageModel(customizationId: string, options: { strict: boolean }): Promise<void> {
    await call('train_language_model', customizationId, () =>
      this.sdk.trainLanguageModel({ customizationId, ...(!options.strict && { strict: false }) }),
    );
  }
}

/** The migration's IBM client for one instance, over the official SDK. */
export function createMigrationStt(connection: SttConnection): MigrationStt {
  return new SdkMigrationStt(createSdkClient(connection));
}
