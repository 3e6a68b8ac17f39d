/**
 * Stable error names. Step Functions Retry and Catch rules match on these names, operators read
 * them in execution history and alarms, and tests assert on them: never rename one.
 */
export const ErrorName = {
  /** Execution input, config or event did not match its schema. */
  InvalidInput: 'InvalidInput',
  /** The model is training, upgrading or locked by another request; try again later. */
  ModelBusy: 'ModelBusy',
  /** The model stayed busy past the deadline the unit allowed for it. */
  ModelBusyTimeout: 'ModelBusyTimeout',
  /** IBM refused to start the upgrade; `reason` says why. */
  ModelNotUpgradable: 'ModelNotUpgradable',
  /** IBM answered "No input data modified since last training": repeat with force=true. */
  NoInputModified: 'NoInputModified',
  /** No custom model with that customization id on the instance. */
  ModelNotFound: 'ModelNotFound',
  /** Credentials were refused (401/403) or could not be exchanged for a token. */
  AuthFailed: 'AuthFailed',
  /** Rate limiting, a 5xx answer or a network failure: safe to retry. */
  Transient: 'Transient',
  /** IBM answered with a body that does not match the documented shape. */
  InvalidResponse: 'InvalidResponse',
  /** IBM rejected a request for a reason the upgrader has no rule for. */
  RequestRejected: 'RequestRejected',
  /** The upgrade started but the model ended in status `failed`. */
  UpgradeFailed: 'UpgradeFailed',
  /** The upgrade did not finish before its deadline. */
  UpgradeTimeout: 'UpgradeTimeout',
  /** The run's execution stopped without ending it (aborted, timed out, or a local process that exited). */
  RunAbandoned: 'RunAbandoned',
  /** The poll budget of one execution is spent; the upgrade goes on at IBM. */
  PollBudgetExhausted: 'PollBudgetExhausted',
  /** A release-notes source could not be fetched: network failure, timeout or a non-2xx answer. */
  ReleaseNotesUnavailable: 'ReleaseNotesUnavailable',
  /** A release-notes source answered with something that is not readable release notes. */
  ReleaseNotesUnreadable: 'ReleaseNotesUnreadable',
} as const;

export type ErrorName = (typeof ErrorName)[keyof typeof ErrorName];

/** Why IBM refused to start an upgrade (`ModelNotUpgradable`). */
export type NotUpgradableReason =
  | 'not-ready'
  | 'no-data'
  | 'base-version-mismatch'
  | 'already-up-to-date'
  | 'improved-next-generation'
  | 'unknown';

/** Base class of every error the upgrader raises on purpose. `name` is one of {@link ErrorName}. */
export class UpgraderError extends Error {
  override readonly name: ErrorName;

  constructor(name: ErrorName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }
}

/** An error from the IBM Speech to Text service, mapped to a stable name. Keeps IBM's status and text. */
export class SttError extends UpgraderError {
  /** HTTP status IBM answered with; undefined for network failures. */
  readonly status: number | undefined;
  /** IBM's own message (the `error` field of its JSON body), or the network error's text. */
  readonly ibmMessage: string;
  /** Set for `ModelNotUpgradable`. */
  readonly reason: NotUpgradableReason | undefined;

  constructor(
    name: ErrorName,
    message: string,
    details: { status?: number; ibmMessage: string; reason?: NotUpgradableReason; cause?: unknown },
  ) {
    super(name, message, { cause: details.cause });
    this.status = details.status;
    this.ibmMessage = details.ibmMessage;
    this.reason = details.reason;
  }
}

/** Input that failed its zod schema. The message names every offending field. */
export class InvalidInputError extends UpgraderError {
  readonly issues: readonly string[];

  constructor(what: string, issues: readonly string[]) {
    super(ErrorName.InvalidInput, `${what} is invalid: ${issues.join('; ')}`);
    this.issues = issues;
  }
}
