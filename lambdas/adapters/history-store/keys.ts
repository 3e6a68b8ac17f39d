/**
 * How records map onto the table's keys. One table answers the operators' questions:
 * "what happened to model X" (partition per model), "what ran in run R" (partition per run, whose
 * record lists its models; attempts and verifications are also filed in the `byRun` index), "what
 * failed on day D" (the sparse `byFailureDay` index). Indexes lag behind the table in AWS, so no
 * decision reads through one: the handlers read partitions and keys they know, consistently.
 */

import { TableIndex } from '#core/contract/workflow-contract.js';

export const FAILURE_INDEX = TableIndex.ByFailureDay;
export const RUN_INDEX = TableIndex.ByRun;

export type TableKey = { readonly pk: string; readonly sk: string };

/** Identifies one upgrade attempt. */
export interface AttemptKey {
  readonly instanceId: string;
  readonly customizationId: string;
  readonly startedAt: string;
  readonly runId: string;
}

/** What a claim protects: one model, one upgrade step, one target version. */
export interface ClaimTarget {
  readonly instanceId: string;
  readonly customizationId: string;
  readonly upgradeStep: string;
  readonly targetKey: string;
}

/** `#` separates key parts; a part containing it could make two different records share a key. */
function part(field: string, value: string): string {
  if (value.length === 0 || value.includes('#')) {
    throw new Error(`History key part '${field}' must be non-empty and free of '#', got '${value}'`);
  }
  return value;
}

/** The last part of a key may hold `#`: nothing follows it that it could be confused with. */
function lastPart(field: string, value: string): string {
  if (value.length === 0) throw new Error(`History key part '${field}' must be non-empty`);
  return value;
}

export const runPk = (runId: string) => `RUN#${part('runId', runId)}`;
export const RUN_SK = 'RUN';
export const STEP_SK_PREFIX = 'STEP#';
export const ATTEMPT_SK_PREFIX = 'ATTEMPT#';

export const runKey = (runId: string): TableKey => ({ pk: runPk(runId), sk: RUN_SK });

export const modelPk = (instanceId: string, customizationId: string) =>
  `MODEL#${part('instanceId', instanceId)}#${part('customizationId', customizationId)}`;

export const attemptKey = (key: AttemptKey): TableKey => ({
  pk: modelPk(key.instanceId, key.customizationId),
  sk: `${ATTEMPT_SK_PREFIX}${part('startedAt', key.startedAt)}#${part('runId', key.runId)}`,
});

/** Places an attempt in its run's partition of the `byRun` index. */
export const attemptRunIndexKey = (runId: string, customizationId: string) => ({
  gsi1pk: runPk(runId),
  gsi1sk: `${ATTEMPT_SK_PREFIX}${part('customizationId', customizationId)}`,
});

/** Timestamps are normalised to UTC `toISOString()` form so that they sort as strings. */
export function utcTimestamp(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new Error(`'${iso}' is not an ISO 8601 timestamp`);
  return new Date(time).toISOString();
}

export const failureDayPk = (utcDay: string) => `FAILED#${utcDay}`;

/** Places a failed attempt in the `byFailureDay` index under the UTC day it ended. */
export function attemptFailureIndexKey(endedAt: string, instanceId: string, customizationId: string) {
  const ended = utcTimestamp(endedAt);
  return {
    gsi2pk: failureDayPk(ended.slice(0, 10)),
    gsi2sk: `${ended}#${part('instanceId', instanceId)}#${part('customizationId', customizationId)}`,
  };
}

export const stepKey = (
  runId: string,
  at: string,
  customizationId: string,
  step: string,
  dedupKey: string,
) => ({
  pk: runPk(runId),
  sk: `${STEP_SK_PREFIX}${part('at', at)}#${part('customizationId', customizationId)}#${part('step', step)}#${lastPart('dedupKey', dedupKey)}`,
});

export const claimPk = (instanceId: string, customizationId: string) =>
  `CLAIM#${part('instanceId', instanceId)}#${part('customizationId', customizationId)}`;

export const claimKey = (target: ClaimTarget): TableKey => ({
  pk: claimPk(target.instanceId, target.customizationId),
  sk: `${part('upgradeStep', target.upgradeStep)}#${lastPart('targetKey', target.targetKey)}`,
});

/** One partition per instance, so a fleet plan reads every model's record in one query. */
export const languageModelStepPk = (instanceId: string) => `LMSTEP#${part('instanceId', instanceId)}`;

export const languageModelStepKey = (
  instanceId: string,
  customizationId: string,
  version: string,
): TableKey => ({
  pk: languageModelStepPk(instanceId),
  sk: `${part('customizationId', customizationId)}#${lastPart('version', version)}`,
});

export const releaseEntryKey = (source: string, entryId: string): TableKey => ({
  pk: `RELEASE#${lastPart('source', source)}`,
  sk: `ENTRY#${lastPart('entryId', entryId)}`,
});

/** One item per source, in the partition of its entries. */
export const releaseSourceKey = (source: string): TableKey => ({
  pk: `RELEASE#${lastPart('source', source)}`,
  sk: 'SOURCE',
});

/**
 * When a run's item was written, by the writer's system clock: the order of the history list. A
 * local run's own timestamps follow its compressed clock, so they can lie ahead of later runs.
 */
export const RECORDED_AT = 'recordedAt';

/** The `recordedAt` attribute of a run's item written now. */
export const recordedNow = () => ({ [RECORDED_AT]: new Date().toISOString() });

/** The id of the last conditional write of an item (see `Table`): how a write sent again knows it applied. */
export const WRITE_ID_ATTRIBUTE = 'writeId';

/** Attributes that belong to the storage layout, not to the record. */
export const KEY_ATTRIBUTES: readonly string[] = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  RECORDED_AT,
  WRITE_ID_ATTRIBUTE,
];

export const describeKey = (key: Record<string, unknown>) =>
  Object.entries(key)
    .map(([attribute, value]) => `${attribute}='${String(value)}'`)
    .join(' ');
