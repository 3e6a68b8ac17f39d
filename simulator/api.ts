import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { Authenticator, HttpAnswer } from './auth.js';
import type { BaseModel } from './catalog.js';
import { addAudio, addCorpus, addWords, listAudio, listWords } from './data.js';
import { multipartText, parseJsonBody } from './http.js';
import { ApiError, SimulatorMessages } from './messages.js';
import type { Operation } from './operations.js';
import { type RecognitionContext, recognize } from './recognition.js';
import { addGrammar, getCorpus, listCorpora, listGrammars } from './resources.js';
import type { ModelStore } from './store.js';
import { type Platform, trainAcousticModel, trainLanguageModel } from './training.js';
import { type UpgradeRules, upgradeAcousticModel, upgradeLanguageModel } from './upgrade.js';

export interface ApiContext {
  readonly store: ModelStore;
  readonly platform: Platform;
  readonly recognition: RecognitionContext;
  readonly rules: UpgradeRules;
  readonly auth: Authenticator;
  readonly baseUrl: () => string;
}

export interface ApiRequest {
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A resolved IBM API route: what it is called (for logs and faults) and how to answer it. */
export interface ApiRoute {
  readonly operation: Operation;
  readonly customizationId: string | undefined;
  /** Token endpoints are how clients get credentials, so they skip the credential check. */
  readonly public: boolean;
  readonly run: (ctx: ApiContext, req: ApiRequest) => HttpAnswer;
}

/** Acoustic models have no dialect; IBM ignores fields a method does not know. */
const createModelSchema = z.object({
  name: z.string().min(1),
  base_model_name: z.string().min(1),
  dialect: z.string().optional(),
  description: z.string().optional(),
});

const addWordsSchema = z.object({
  words: z
    .array(
      z.object({
        word: z.string().min(1),
        sounds_like: z.array(z.string()).optional(),
        display_as: z.string().optional(),
      }),
    )
    .min(1),
});

const ok: HttpAnswer = { status: 200, body: {} };
const created: HttpAnswer = { status: 201, body: {} };

function flag(query: URLSearchParams, name: string): boolean {
  return query.get(name) === 'true';
}

function optional(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === '' ? undefined : value;
}

function modelJson(ctx: ApiContext, model: BaseModel): Record<string, unknown> {
  return {
    name: model.name,
    language: model.language,
    rate: model.rate,
    url: `${ctx.baseUrl()}/v1/models/${model.name}`,
    description: model.description,
    supported_features: {
      custom_language_model: true,
      custom_acoustic_model: model.acousticCustomization,
      speaker_labels: true,
    },
  };
}

function createModel(ctx: ApiContext, req: ApiRequest, kind: 'language' | 'acoustic'): HttpAnswer {
  const body = parseJsonBody(req.body, createModelSchema);
  const base = ctx.store.catalog.get(body.base_model_name);
  if (!base) throw new ApiError(400, SimulatorMessages.unknownBaseModel(body.base_model_name));
  if (kind === 'acoustic' && base.family === 'large-speech-model') {
    throw new ApiError(400, SimulatorMessages.lsmNoAcousticCustomization);
  }
  if (kind === 'acoustic' && !base.acousticCustomization) {
    throw new ApiError(400, SimulatorMessages.noAcousticCustomization(base.name));
  }
  const model = ctx.store.create({
    kind,
    name: body.name,
    description: body.description,
    baseModelName: base.name,
    dialect: body.dialect,
    version: base.versions.at(-1) ?? '',
  });
  return { status: 201, body: { customization_id: model.id } };
}

function route(
  operation: Operation,
  customizationId: string | undefined,
  run: ApiRoute['run'],
  isPublic = false,
): ApiRoute {
  return { operation, customizationId, public: isPublic, run };
}

function languageRoute(method: string, rest: readonly string[]): ApiRoute | undefined {
  const [id, resource, name] = rest;
  if (id === undefined) {
    if (method === 'GET') {
      return route('list_language_models', undefined, (ctx, req) => ({
        status: 200,
        body: {
          customizations: ctx.store
            .list('language', optional(req.query, 'language'))
            .map((m) => ctx.store.snapshot(m)),
        },
      }));
    }
    return method === 'POST'
      ? route('create_language_model', undefined, (ctx, req) => createModel(ctx, req, 'language'))
      : undefined;
  }
  if (resource === undefined) {
    if (method === 'GET') {
      return route('get_language_model', id, (ctx) => ({
        status: 200,
        body: ctx.store.snapshot(ctx.store.require(id, 'language')),
      }));
    }
    if (method !== 'DELETE') return undefined;
    return route('delete_language_model', id, (ctx) => {
      const model = ctx.store.require(id, 'language');
      ctx.store.assertNotLocked(model);
      ctx.store.delete(model);
      return ok;
    });
  }
  if (resource === 'words' && name === undefined) {
    if (method === 'GET')
      return route('list_words', id, (ctx) => ({ status: 200, body: listWords(ctx.store, id) }));
    if (method !== 'POST') return undefined;
    return route('add_words', id, (ctx, req) => {
      addWords(ctx.store, id, parseJsonBody(req.body, addWordsSchema).words);
      return created;
    });
  }
  if (resource === 'corpora' && name === undefined && method === 'GET') {
    return route('list_corpora', id, (ctx) => ({ status: 200, body: listCorpora(ctx.store, id) }));
  }
  if (resource === 'corpora' && name !== undefined && method === 'GET') {
    return route('get_corpus', id, (ctx) => ({ status: 200, body: getCorpus(ctx.store, id, name) }));
  }
  if (resource === 'grammars' && name === undefined && method === 'GET') {
    return route('list_grammars', id, (ctx) => ({ status: 200, body: listGrammars(ctx.store, id) }));
  }
  if (resource === 'grammars' && name !== undefined && method === 'POST') {
    return route('add_grammar', id, (ctx, req) => {
      const type = req.headers['content-type'] ?? '';
      addGrammar(ctx.store, id, name, req.body.toString('utf8'), type, flag(req.query, 'allow_overwrite'));
      return created;
    });
  }
  if (resource === 'corpora' && name !== undefined && method === 'POST') {
    return route('add_corpus', id, (ctx, req) => {
      const type = req.headers['content-type'] ?? '';
      const text = type.startsWith('multipart/form-data')
        ? multipartText(req.body, type)
        : req.body.toString('utf8');
      addCorpus(ctx.store, id, name, text ?? '', flag(req.query, 'allow_overwrite'));
      return created;
    });
  }
  if (method !== 'POST' || name !== undefined) return undefined;
  if (resource === 'train') {
    return route('train_language_model', id, (ctx, req) => {
      const answer = trainLanguageModel(ctx.store, ctx.platform, id, {
        force: flag(req.query, 'force'),
        strict: req.query.get('strict') !== 'false',
      });
      return { status: 200, body: answer };
    });
  }
  if (resource === 'upgrade_model') {
    return route('upgrade_language_model', id, (ctx) => {
      upgradeLanguageModel(ctx.rules, id);
      return ok;
    });
  }
  return undefined;
}

function acousticRoute(method: string, rest: readonly string[]): ApiRoute | undefined {
  const [id, resource, name] = rest;
  if (id === undefined) {
    if (method === 'GET') {
      return route('list_acoustic_models', undefined, (ctx, req) => ({
        status: 200,
        body: {
          customizations: ctx.store
            .list('acoustic', optional(req.query, 'language'))
            .map((m) => ctx.store.snapshot(m)),
        },
      }));
    }
    return method === 'POST'
      ? route('create_acoustic_model', undefined, (ctx, req) => createModel(ctx, req, 'acoustic'))
      : undefined;
  }
  if (resource === undefined) {
    if (method === 'GET') {
      return route('get_acoustic_model', id, (ctx) => ({
        status: 200,
        body: ctx.store.snapshot(ctx.store.require(id, 'acoustic')),
      }));
    }
    if (method !== 'DELETE') return undefined;
    return route('delete_acoustic_model', id, (ctx) => {
      const model = ctx.store.require(id, 'acoustic');
      ctx.store.assertNotLocked(model);
      ctx.store.delete(model);
      return ok;
    });
  }
  if (resource === 'audio') {
    if (name === undefined) {
      return method === 'GET'
        ? route('list_audio', id, (ctx) => ({ status: 200, body: listAudio(ctx.store, id) }))
        : undefined;
    }
    if (method !== 'POST') return undefined;
    return route('add_audio', id, (ctx, req) => {
      const type = req.headers['content-type'] ?? '';
      addAudio(ctx.store, id, name, req.body, type, flag(req.query, 'allow_overwrite'));
      return created;
    });
  }
  if (method !== 'POST' || name !== undefined) return undefined;
  if (resource === 'train') {
    return route('train_acoustic_model', id, (ctx, req) => {
      trainAcousticModel(ctx.store, id, optional(req.query, 'custom_language_model_id'));
      return ok;
    });
  }
  if (resource === 'upgrade_model') {
    return route('upgrade_acoustic_model', id, (ctx, req) => {
      upgradeAcousticModel(ctx.rules, id, {
        customLanguageModelId: optional(req.query, 'custom_language_model_id'),
        force: flag(req.query, 'force'),
      });
      return ok;
    });
  }
  return undefined;
}

function modelsRoute(method: string, rest: readonly string[]): ApiRoute | undefined {
  if (method !== 'GET' || rest.length > 1) return undefined;
  const [name] = rest;
  if (name === undefined) {
    return route('list_models', undefined, (ctx) => ({
      status: 200,
      body: { models: ctx.store.catalog.list().map((m) => modelJson(ctx, m)) },
    }));
  }
  return route('get_model', undefined, (ctx) => {
    const model = ctx.store.catalog.get(name);
    if (!model) throw new ApiError(404, SimulatorMessages.unknownBaseModel(name));
    return { status: 200, body: modelJson(ctx, model) };
  });
}

/**
 * Finds the IBM operation for a request path (split on `/`, without an `/instances/{id}` prefix),
 * or undefined for paths the service does not have.
 */
export function resolveApiRoute(method: string, segments: readonly string[]): ApiRoute | undefined {
  const [first, second, ...rest] = segments;
  if (first === 'identity' && second === 'token' && rest.length === 0 && method === 'POST') {
    return route(
      'iam_token',
      undefined,
      (ctx, req) => ctx.auth.iamToken(new URLSearchParams(req.body.toString('utf8'))),
      true,
    );
  }
  if (first !== 'v1') return undefined;
  if (second === 'authorize' && rest.length === 0 && method === 'POST') {
    return route(
      'cp4d_authorize',
      undefined,
      (ctx, req) => ctx.auth.cp4dToken(parseJsonBody(req.body, z.unknown())),
      true,
    );
  }
  if (second === 'recognize' && rest.length === 0 && method === 'POST') {
    return route('recognize', undefined, (ctx, req) => ({
      status: 200,
      body: recognize(ctx.recognition, req.query, req.headers['content-type'], req.body),
    }));
  }
  if (rest.length > 3) return undefined;
  if (second === 'customizations') return languageRoute(method, rest);
  if (second === 'acoustic_customizations') return acousticRoute(method, rest);
  if (second === 'models') return modelsRoute(method, rest);
  return undefined;
}
