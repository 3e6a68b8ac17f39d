/**
 * Every error text the simulator answers with. Clients map errors on status plus these texts, so
 * they are part of the contract: change none without telling every adapter that reads them.
 */
export const SimulatorMessages = {
  notFound: (id: string) => `Customization ID '${id}' not found`,
  locked: (id: string, status: string) =>
    `Customization '${id}' is locked by another request: its status is '${status}'`,
  notReady: (id: string, status: string) =>
    `Customization '${id}' must be in the 'ready' or 'available' state to be upgraded or trained; its status is '${status}'`,
  noData: (id: string) =>
    `Customization '${id}' contains no data (no words, corpora or valid audio resources)`,
  differentBaseVersion: (acousticId: string, languageId: string) =>
    `The custom acoustic model '${acousticId}' and the custom language model '${languageId}' are based on a different version of the base model; upgrade the custom language model first`,
  noInputModified: 'No input data modified since last training',
  alreadyUpToDate: 'Custom model is already up-to-date',
  improvedNextGeneration: (id: string) =>
    `Customization '${id}' is based on an improved next-generation model and cannot be upgraded with upgrade_model; use train (with force=true if no data changed) to upgrade it`,
  forceNotSupported:
    "The 'force' parameter is not supported on IBM Cloud Pak for Data; add or change a word, corpus or grammar, then train the model",
  invalidResources: (id: string, names: string) =>
    `Training of customization '${id}' failed: it has invalid resources (${names}); correct or delete them, or train with strict=false to train on the valid resources only`,
  unsupportedGrammarType: (type: string) =>
    `Unsupported content type '${type}' for a grammar; use application/srgs, application/srgs+xml or application/jsgf`,
  previousBaseVersionWarning:
    'Using previous version of base model, because your custom model has been built with it. Please note that this version will be supported only for a limited time. Consider updating your custom model to the new base model. If you do not do that you will be automatically switched to base model when you used the non-updated custom model.',
  nonCustomizedWarning: (type: 'language' | 'acoustic') =>
    `Using non-customized default base model, because your custom ${type} model has been built with a version of the base model that is no longer supported.`,
  baseVersionNotInModel: (version: string, id: string, versions: readonly string[]) =>
    `base_model_version '${version}' is not a version of customization '${id}' (its versions: ${versions.join(', ')})`,
  baseVersionUnknown: (version: string, model: string) =>
    `base_model_version '${version}' is not a version of the base model '${model}'`,
  noCommonBaseVersion: (languageId: string, acousticId: string) =>
    `The custom language model '${languageId}' and the custom acoustic model '${acousticId}' have no base model version in common`,
  customizationOfOtherModel: (id: string, base: string, model: string) =>
    `Customization '${id}' is based on '${base}', not on the requested model '${model}'`,
  badCustomizationWeight: (value: string) =>
    `customization_weight must be a number from 0.0 to 1.0, got '${value}'`,
  invalidCredentials: 'Access is denied due to invalid credentials.',
  iamKeyNotFound: 'Provided API key could not be found.',
  iamBadGrantType: 'Provided grant type is not supported.',
  cp4dInvalidCredentials: 'Invalid user credentials.',
  unknownBaseModel: (name: string) => `Model '${name}' not found`,
  noAcousticCustomization: (name: string) =>
    `The base model '${name}' does not support acoustic model customization`,
  /** IBM's own sentences from its large speech model page; the status and body IBM answers with are undocumented. */
  lsmNoAcousticCustomization: 'Large speech models do not support acoustic model customization.',
  lsmNoGrammars: 'Large speech models do not support grammar customization.',
  invalidBody: (issues: string) => `Invalid request body: ${issues}`,
  malformedJson: 'Malformed JSON in request body',
  badWav: (reason: string) => `Unable to transcode data stream audio/wav -> audio/x-float-array: ${reason}`,
  unsupportedAudioType: (type: string) => `Unsupported content type '${type}' for an audio resource`,
  resourceExists: (kind: string, name: string) =>
    `A ${kind} named '${name}' already exists; set allow_overwrite=true to replace it`,
  emptyCorpus: 'The corpus file is empty',
  noSuchCorpus: (id: string, name: string) => `Corpus '${name}' not found in customization '${id}'`,
  corpusBeingProcessed: (id: string, corpus: string) =>
    `Customization '${id}' is locked: corpus '${corpus}' is being processed; wait until its analysis is complete`,
  corpusAnalysisFailed: (corpus: string) =>
    `Analysis of corpus '${corpus}' failed. Please try adding the corpus again by setting the 'allow_overwrite' flag to 'true'.`,
  modelLimit: (kind: 'language' | 'acoustic', limit: number) =>
    `The maximum number of custom ${kind} models (${limit}) has been reached for this service instance; delete a custom model to create another`,
  wordWithSpaces: (word: string) => `Custom word '${word}' contains spaces; join its parts with '-' or '_'`,
  tooManySoundsLike: (word: string) => `Custom word '${word}' has more than 5 sounds_like entries`,
  soundsLikeTooLong: (word: string, entry: string) =>
    `The sounds_like '${entry}' of custom word '${word}' is longer than 40 characters`,
  soundsLikeDigits:
    "Numbers are not allowed in sounds_like. Spell them out, for example 'seventy five' for '75'.",
  soundsLikePunctuation: 'Punctuation is not allowed in sounds_like.',
  unknownOperation: (method: string, path: string) => `No operation ${method} ${path}`,
  upgradeFailedDefault: 'Upgrade failed: the service could not upgrade the custom model',
  injectedFault: (status: number) => `Injected fault: ${status}`,
} as const;

/** Reason phrases for the `code_description` field, as IBM writes them. */
const reasonPhrases: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return reasonPhrases[status] ?? 'Error';
}

/** An IBM-style error answer: `{ error, code, code_description }` plus optional extra fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): Record<string, unknown> {
    return {
      ...this.extra,
      error: this.message,
      code: this.status,
      code_description: reasonPhrase(this.status),
    };
  }
}
