import { ErrorName } from './workflow-contract.js';

export { ErrorName };

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

/**
 * The settings store holds no settings, or settings that do not match their schema. The message
 * names the object and every offending field, so an operator knows what to redeploy or re-import.
 */
export class InvalidSettingsError extends UpgraderError {
  readonly issues: readonly string[];

  constructor(what: string, issues: readonly string[]) {
    super(ErrorName.InvalidSettings, `${what} cannot be used: ${issues.join('; ')}`);
    this.issues = issues;
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
