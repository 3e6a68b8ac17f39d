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
  /** A report was asked for a fleet run or model the history does not know. */
  ReportSubjectNotFound: 'ReportSubjectNotFound',
  /** The settings store (instances, their settings and pairings) is missing or does not match its schema. */
  InvalidSettings: 'InvalidSettings',
  /** Migration: no large speech model to move the source's base model to, and no override names one. */
  NoLsmTarget: 'NoLsmTarget',
  /** Migration: the source has nothing that can be carried (no user words, no corpus in the store; grammars only). */
  NothingToCarry: 'NothingToCarry',
  /** Migration: the instance holds IBM's limit of 1,024 custom language models, so no new one can be created. */
  ModelLimitReached: 'ModelLimitReached',
  /** Migration: the source has no test set, so the new model could not be judged against it. */
  TestSetMissing: 'TestSetMissing',
  /** Migration: the source is not `available`, so the test set cannot be recognised with it. */
  SourceNotAvailable: 'SourceNotAvailable',
  /** Migration: IBM could not analyse a corpus added to the new model. */
  CorpusNotAnalysed: 'CorpusNotAnalysed',
  /** Migration: IBM refused the words sent to the new model. */
  WordsRejected: 'WordsRejected',
  /** Migration: training of the new model ended in status `failed`. */
  TrainingFailed: 'TrainingFailed',
  /** Migration: an upgrade, or another migration, is at work on the source model; run it again later. */
  ModelClaimed: 'ModelClaimed',
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

/** The phases of the `migrate-fleet` function; the migration fleet state machine sends one in each task's event. */
export const MigrationFleetPhase = {
  /** List the instances' language models, leave out those already migrated, write pages of sources. */
  Plan: 'plan',
  /** Read one page of sources for the Distributed Map. */
  Page: 'page',
  /** Count verdicts and failures from the migration records, record the run and tell the operators. */
  Summarize: 'summarize',
} as const;
export type MigrationFleetPhase = (typeof MigrationFleetPhase)[keyof typeof MigrationFleetPhase];

/** The phases of the `migrate-model` function; the migration state machine sends one in each task's event. */
export const MigrationPhase = {
  /** Read the source, the store and the test set; plan; stop with a reason or record the migration started. */
  Prepare: 'prepare',
  /** Find the new model by its description, or create it ("maybe started": read back before a second create). */
  Create: 'create',
  AddWords: 'add-words',
  /** Add the next corpus, or see the one being analysed through; one at a time. */
  AddCorpora: 'add-corpora',
  Train: 'train',
  /** Recognise the test set with the source and the new model, score both, record the verdict. */
  Compare: 'compare',
  /** Record a failure the state machine caught. */
  RecordFailure: 'record-failure',
} as const;
export type MigrationPhase = (typeof MigrationPhase)[keyof typeof MigrationPhase];

/** What the migration state machine does after a task; its Choice states route on `$.step.next`. */
export const MigrationNext = {
  Create: 'create',
  AddWords: 'add-words',
  AddCorpora: 'add-corpora',
  WaitForCorpus: 'wait-for-corpus',
  Train: 'train',
  WaitForTraining: 'wait-for-training',
  Compare: 'compare',
  Done: 'done',
  /** The migration stopped with a recorded reason (`$.step.error`, `$.step.cause`). */
  Stopped: 'stopped',
} as const;
export type MigrationNext = (typeof MigrationNext)[keyof typeof MigrationNext];
