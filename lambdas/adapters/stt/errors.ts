import { ErrorName, type NotUpgradableReason, SttError } from '#core/contract/errors.js';
import { redactUserInfo } from './connection.js';
import { TokenExchangeError } from './token-exchange.js';

/** A stable name and what it means for people. */
interface ErrorMeaning {
  readonly name: ErrorName;
  readonly reason?: NotUpgradableReason;
  readonly meaning: string;
}

/** One row of the mapping: which HTTP answers it covers. */
interface ErrorRule extends ErrorMeaning {
  readonly statuses: readonly number[];
  /** When set, IBM's text must match too. */
  readonly text?: RegExp;
}

/**
 * How IBM's HTTP errors map to stable names, first match wins. IBM documents no status codes for
 * refused upgrades, so the 400 rows go by its texts (the wording the service and simulator use).
 */
const httpRules: readonly ErrorRule[] = [
  { statuses: [404], name: ErrorName.ModelNotFound, meaning: 'no custom model with this customization id' },
  { statuses: [401, 403], name: ErrorName.AuthFailed, meaning: 'the credentials were refused' },
  { statuses: [409], name: ErrorName.ModelBusy, meaning: 'the model is busy with another request' },
  {
    statuses: [400],
    text: /locked|being processed/i,
    name: ErrorName.ModelBusy,
    meaning: 'the model is busy with another request',
  },
  {
    statuses: [400],
    text: /no input data modified since last training/i,
    name: ErrorName.NoInputModified,
    meaning: 'nothing changed since the last training; repeat with force=true',
  },
  {
    statuses: [400],
    text: /already up-to-date/i,
    name: ErrorName.ModelNotUpgradable,
    reason: 'already-up-to-date',
    meaning: 'the model is already on the latest base model version',
  },
  {
    statuses: [400],
    text: /improved next-generation/i,
    name: ErrorName.ModelNotUpgradable,
    reason: 'improved-next-generation',
    meaning: 'the model is on an improved next-generation base model; upgrade it by retraining',
  },
  {
    statuses: [400],
    text: /contains no data/i,
    name: ErrorName.ModelNotUpgradable,
    reason: 'no-data',
    meaning: 'the model has no data to upgrade',
  },
  {
    statuses: [400],
    text: /must be in the 'ready' or 'available' state/i,
    name: ErrorName.ModelNotUpgradable,
    reason: 'not-ready',
    meaning: "the model is not in status 'ready' or 'available'",
  },
  {
    statuses: [400],
    text: /different version of the base model/i,
    name: ErrorName.ModelNotUpgradable,
    reason: 'base-version-mismatch',
    meaning:
      'the acoustic model and its language model are on different base versions; upgrade the language model first',
  },
  {
    statuses: [400],
    text: /maximum number of custom/i,
    name: ErrorName.ModelLimitReached,
    meaning: "the instance holds IBM's limit of custom models",
  },
  {
    statuses: [429, 500, 502, 503, 504],
    name: ErrorName.Transient,
    meaning: 'the service is overloaded or failing; try again later',
  },
];

const rejected: ErrorMeaning = {
  name: ErrorName.RequestRejected,
  meaning: 'the service rejected the request',
};

const connectionFailed: ErrorMeaning = {
  name: ErrorName.Transient,
  meaning: 'the connection failed; try again later',
};

const notSent: ErrorMeaning = {
  name: ErrorName.RequestRejected,
  meaning: 'the request failed before reaching the service',
};

/** Token-server answers other than load or outage mean the credentials are wrong. */
const tokenRefused: ErrorMeaning = {
  name: ErrorName.AuthFailed,
  meaning: 'the credentials could not be exchanged for a token',
};

/** Node and axios codes of connections that broke or never formed; worth another try. */
const transientNetworkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** What the SDK puts on a rejected request; every field may be missing. */
interface SdkFailure {
  readonly status: number | undefined;
  readonly text: string;
  /** axios/Node error code of a network failure (the SDK moves it to `statusText`). */
  readonly networkCode: string | undefined;
}

function readSdkFailure(err: unknown): SdkFailure {
  const fields = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>;
  const status = typeof fields.status === 'number' ? fields.status : undefined;
  const text = typeof fields.message === 'string' ? fields.message : String(err);
  const codes = [fields.code, fields.statusText].filter(
    (value): value is string => typeof value === 'string',
  );
  const networkCode = codes.find((code) => /^E[A-Z_]+$/.test(code));
  return { status, text, networkCode };
}

function isNetworkFailure(failure: SdkFailure): boolean {
  if (failure.networkCode && transientNetworkCodes.has(failure.networkCode)) return true;
  return /socket hang up/i.test(failure.text);
}

function matchHttpRule(status: number, text: string): ErrorMeaning {
  return (
    httpRules.find((rule) => rule.statuses.includes(status) && (!rule.text || rule.text.test(text))) ??
    rejected
  );
}

function chooseMeaning(failure: SdkFailure, viaTokenExchange: boolean): ErrorMeaning {
  if (failure.status === undefined) return isNetworkFailure(failure) ? connectionFailed : notSent;
  const rule = matchHttpRule(failure.status, failure.text);
  if (viaTokenExchange && rule.name !== ErrorName.Transient) return tokenRefused;
  return rule;
}

/**
 * Maps any rejection of an SDK call to an `SttError` with a stable name. The message reads
 * `<operation> <customizationId>: <meaning> (HTTP <status>: <IBM text>)`.
 */
export function toSttError(operation: string, customizationId: string | undefined, err: unknown): SttError {
  if (err instanceof SttError) return err;
  const viaTokenExchange = err instanceof TokenExchangeError;
  const failure = readSdkFailure(viaTokenExchange ? err.sdkError : err);
  const rule = chooseMeaning(failure, viaTokenExchange);
  const ibmMessage = redactUserInfo(failure.text);
  const detail =
    failure.status !== undefined
      ? `HTTP ${failure.status}: ${ibmMessage}`
      : `no HTTP answer: ${[failure.networkCode, ibmMessage].filter(Boolean).join(' ')}`;
  const subject = customizationId ? `${operation} ${customizationId}` : operation;
  return new SttError(rule.name, `${subject}: ${rule.meaning} (${detail})`, {
    ...(failure.status !== undefined && { status: failure.status }),
    ibmMessage,
    ...(rule.reason && { reason: rule.reason }),
    cause: err,
  });
}
