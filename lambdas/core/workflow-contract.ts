/**
 * The facts the state machine definitions (`lib/`) and the handlers (`lambdas/`) must agree on:
 * error names that Retry and Catch rules match, the next actions that Choice states route on, the
 * step names history records, and the table's index names. Each is defined here and only here.
 */

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
  /** The settings store (instances, their settings and pairings) is missing or does not match its schema. */
  InvalidSettings: 'InvalidSettings',
} as const;
export type ErrorName = (typeof ErrorName)[keyof typeof ErrorName];

/** What the unit state machine does next for a model; its Choice states route on `$.progress.next`. */
export const NextAction = {
  WaitUntilFree: 'wait-until-free',
  Skip: 'skip',
  StartUpgrade: 'start-upgrade',
  Poll: 'poll',
  StartUpgradeWithLanguageModel: 'start-upgrade-with-language-model',
  /** A language model of an improved next-generation base model, opted in: upgrade it by retraining. */
  StartRetrain: 'start-retrain',
  Done: 'done',
} as const;
export type NextAction = (typeof NextAction)[keyof typeof NextAction];

/**
 * The upgrade steps of IBM's procedure. An acoustic model trained with a custom language model
 * takes both, in this order; every other model takes only the first.
 */
export const UpgradeStep = {
  Upgrade: 'upgrade',
  UpgradeWithLanguageModel: 'upgrade-with-language-model',
  /** Improved next-generation language models only: `train` upgrades them. */
  Retrain: 'retrain',
} as const;
export type UpgradeStep = (typeof UpgradeStep)[keyof typeof UpgradeStep];

/** Step events of a model as history records them, besides the upgrade steps themselves. */
export const HistoryStep = {
  Check: 'check',
  Poll: 'poll',
} as const;
export type HistoryStep = (typeof HistoryStep)[keyof typeof HistoryStep];

/** The history table's global secondary indexes. */
export const TableIndex = {
  /** "What ran in run R": attempts and steps under their run. */
  ByRun: 'byRun',
  /** "What failed on day D": sparse, failed attempts only. */
  ByFailureDay: 'byFailureDay',
} as const;

/** The phases of the `verify-model` function; the verification chain sends one in each task's event. */
export const VerifyPhase = {
  /** Read the model and the test set, decide whether and how to verify, store the plan. */
  Prepare: 'prepare',
  /** Recognise one batch of the test set with the old and the new version, store the transcripts. */
  Recognise: 'recognise',
  /** Score the stored transcripts and record the outcome; with a caught failure, record it invalid. */
  Score: 'score',
} as const;
export type VerifyPhase = (typeof VerifyPhase)[keyof typeof VerifyPhase];

/** What the verification chain does after its prepare task; its Choice routes on `$.verification.next`. */
export const VerificationNext = {
  Recognise: 'recognise',
  /** Nothing to recognise: no new version, no test set, or an outcome already recorded. */
  Done: 'done',
} as const;
export type VerificationNext = (typeof VerificationNext)[keyof typeof VerificationNext];
