import { UTTERANCES_PER_BATCH } from '../../verification/verification-decision.js';

/**
 * How long each Lambda function may run, derived from the calls it makes in its worst case, and
 * how long its task waits for it. The IBM adapters take their request timeouts from here, so a
 * longer request timeout lengthens the functions that make the request.
 */

/** Seconds an IBM request may take by default before the adapter gives up on it. */
export const IBM_REQUEST_TIMEOUT_SECONDS = 20;
/** The most a connection secret may allow one IBM request (`requestTimeoutSeconds`). */
export const IBM_REQUEST_TIMEOUT_MAX_SECONDS = 25;
/** Seconds one recognition may take: a clip of up to a minute, recognised with one version. */
export const RECOGNITION_TIMEOUT_SECONDS = 25;
/**
 * Secrets Manager, DynamoDB and S3 calls of one invocation, the SDK's own retries included: an
 * allowance, since the AWS SDK sets no request timeout of its own.
 */
export const AWS_CALLS_ALLOWANCE_SECONDS = 30;
/** Left between the worst case and the function's timeout. */
const HEADROOM_SECONDS = 10;
/** A task waits this much longer than its function may run, so Lambda's own timeout decides. */
const TASK_MARGIN_SECONDS = 30;

/** What one invocation of a function sends, one request after another, in its worst case. */
export interface CallBudget {
  /** Customization requests (and the token exchange before them) at the connection's request timeout. */
  readonly ibmRequests: number;
  /** Recognitions at {@link RECOGNITION_TIMEOUT_SECONDS}. */
  readonly recognitions: number;
}

/**
 * The state machines' functions and their worst cases. Each counts a token exchange first (IAM or
 * Cloud Pak for Data), then its requests in sequence:
 * - check: read the model, and an acoustic model's audio;
 * - start: read the model, size the step (audio, or corpora, words and grammars in parallel), send
 *   the request, and read the model again when the answer was lost;
 * - poll: read the model;
 * - verify: a recognise batch recognises each utterance with the old and the new version;
 * - the others call AWS only.
 */
export const unitFunctionCalls = {
  'validate-unit': { ibmRequests: 0, recognitions: 0 },
  'check-model': { ibmRequests: 3, recognitions: 0 },
  'start-upgrade': { ibmRequests: 5, recognitions: 0 },
  'poll-upgrade': { ibmRequests: 2, recognitions: 0 },
  'record-failure': { ibmRequests: 0, recognitions: 0 },
  'summarize-unit': { ibmRequests: 0, recognitions: 0 },
  'verify-model': { ibmRequests: 2, recognitions: 2 * UTTERANCES_PER_BATCH },
} as const satisfies Record<string, CallBudget>;
export type UnitFunctionName = keyof typeof unitFunctionCalls;

/** Seconds the calls of `budget` may take in all, retries included (the SDKs retry nothing of IBM's). */
export function worstCaseSeconds(budget: CallBudget): number {
  return (
    budget.ibmRequests * IBM_REQUEST_TIMEOUT_MAX_SECONDS +
    budget.recognitions * RECOGNITION_TIMEOUT_SECONDS +
    AWS_CALLS_ALLOWANCE_SECONDS
  );
}

/** The function's timeout: its worst case and some headroom. */
export function functionTimeoutSeconds(budget: CallBudget): number {
  return worstCaseSeconds(budget) + HEADROOM_SECONDS;
}

/** Lambda's longest function timeout. */
const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

/**
 * The fleet's own functions. Planning lists every model of every instance (and recognises a probe
 * clip with each, where opted in) and summarizing reads every unit's outcome: their work grows with
 * the fleet, not with a fixed number of calls, so they get Lambda's longest timeout. Fetching a page
 * is one read.
 */
export const fleetFunctionTimeouts = {
  'plan-fleet': LAMBDA_MAX_TIMEOUT_SECONDS,
  'fetch-unit-page': functionTimeoutSeconds({ ibmRequests: 0, recognitions: 0 }),
  'summarize-fleet': LAMBDA_MAX_TIMEOUT_SECONDS,
} as const;

/**
 * The accuracy watch's one function: planning lists every model of an instance, and one measurement
 * recognises a whole test set (minutes of audio, a few requests in flight). Lambda's longest timeout.
 */
export const WATCH_FUNCTION_TIMEOUT_SECONDS = LAMBDA_MAX_TIMEOUT_SECONDS;

/** What a task waits for a function that may run `functionSeconds`. */
export function taskTimeoutSeconds(functionSeconds: number): number {
  return functionSeconds + TASK_MARGIN_SECONDS;
}
