/**
 * Every key of the history table, built here and nowhere else: one function per key, one prefix per
 * kind of item. One table answers the operators' questions:
 * "what happened to model X" (partition per model), "what ran in run R" (partition per run, whose
 * record lists its models; attempts and verifications are also filed in the `byRun` index), "what
 * failed on day D" (the sparse `byFailureDay` index). Indexes lag behind the table in AWS, so no
 * decision reads through one: the handlers read partitions and keys they know, consistently.
 */

import { TableIndex } from '#core/contract/workflow-contract.js';
import type { AttemptKey } from '#core/history/inputs.js';
import { languageModelStepKey } from '#core/unit/language-model-step.js';
import type { ClaimTarget } from '#core/unit/steps/step-claim.js';

export const FAILURE_INDEX = TableIndex.ByFailureDay;
export const RUN_INDEX = TableIndex.ByRun;

export type TableKey = { readonly pk: string; readonly sk: string };

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

/** The sort key is core's `languageModelStepKey`: the planner's set of done steps holds the same strings. */
export const languageModelStepItemKey = (
  instanceId: string,
  customizationId: string,
  version: string,
): TableKey => ({
  pk: languageModelStepPk(instanceId),
  sk: languageModelStepKey(part('customizationId', customizationId), lastPart('version', version)),
});

/** A source's partition: its entries and its last good check. */
export const releasePk = (source: string) => `RELEASE#${lastPart('source', source)}`;
export const RELEASE_ENTRY_SK_PREFIX = 'ENTRY#';

export const releaseEntryKey = (source: string, entryId: string): TableKey => ({
  pk: releasePk(source),
  sk: `${RELEASE_ENTRY_SK_PREFIX}${lastPart('entryId', entryId)}`,
});

/** One item per source, in the partition of its entries. */
export const releaseSourceKey = (source: string): TableKey => ({ pk: releasePk(source), sk: 'SOURCE' });

/**
 * Fleet runs, one partition per run: the run record (`RUN`), its pages of units (`PAGE#00001`), one
 * outcome per unit (`UNIT#00001#00042`) and the unit executions it started (`UNITRUN#<unit run id>`).
 */
export const fleetPk = (fleetRunId: string) => `FLEET#${part('fleetRunId', fleetRunId)}`;
export const FLEET_PAGE_SK_PREFIX = 'PAGE#';
export const FLEET_UNIT_SK_PREFIX = 'UNIT#';
export const FLEET_UNIT_RUN_SK_PREFIX = 'UNITRUN#';
const pad = (n: number) => String(n).padStart(5, '0');

export const fleetRunKey = (fleetRunId: string): TableKey => ({ pk: fleetPk(fleetRunId), sk: RUN_SK });
export const fleetPageKey = (fleetRunId: string, page: number): TableKey => ({
  pk: fleetPk(fleetRunId),
  sk: `${FLEET_PAGE_SK_PREFIX}${pad(page)}`,
});
export const fleetUnitKey = (fleetRunId: string, page: number, item: number): TableKey => ({
  pk: fleetPk(fleetRunId),
  sk: `${FLEET_UNIT_SK_PREFIX}${pad(page)}#${pad(item)}`,
});
export const fleetUnitRunKey = (fleetRunId: string, unitRunId: string): TableKey => ({
  pk: fleetPk(fleetRunId),
  sk: `${FLEET_UNIT_RUN_SK_PREFIX}${unitRunId}`,
});

/** Verifications, one partition per run and model: the plan (`PLAN`) and the record (`RECORD`). */
export const verificationPk = (runId: string, customizationId: string) =>
  `VERIFY#${part('runId', runId)}#${part('customizationId', customizationId)}`;
export const verificationPlanKey = (runId: string, customizationId: string): TableKey => ({
  pk: verificationPk(runId, customizationId),
  sk: 'PLAN',
});
export const verificationRecordKey = (runId: string, customizationId: string): TableKey => ({
  pk: verificationPk(runId, customizationId),
  sk: 'RECORD',
});
/** Files a verification record under its run in the `byRun` index. */
export const verificationRunIndexKey = (runId: string, customizationId: string) => ({
  gsi1pk: runPk(runId),
  gsi1sk: `VERIFICATION#${part('customizationId', customizationId)}`,
});

/**
 * The accuracy watch.
 * - Per model, `WATCH#<instance>#<model>`: its measurements (`MEASURED#<watch run id>`; run ids begin
 *   with their start time, so they sort by date), its baseline (`BASELINE`) and its open alert (`ALERT`).
 * - Per instance, `WATCHRUNS#<instance>`: runs (`RUN#<id>`), their pages of model ids
 *   (`PAGE#<id>#00001`) and failed measurements (`FAILED#<id>#<model>`).
 * - Per instance, `WATCHMONTH#<instance>`: IBM audio minutes spent per calendar month (`YYYY-MM`).
 */
export const watchModelPk = (instanceId: string, customizationId: string) =>
  `WATCH#${part('instanceId', instanceId)}#${part('customizationId', customizationId)}`;
export const MEASUREMENT_SK_PREFIX = 'MEASURED#';
export const measurementKey = (
  instanceId: string,
  customizationId: string,
  watchRunId: string,
): TableKey => ({
  pk: watchModelPk(instanceId, customizationId),
  sk: `${MEASUREMENT_SK_PREFIX}${part('watchRunId', watchRunId)}`,
});
export const watchBaselineKey = (instanceId: string, customizationId: string): TableKey => ({
  pk: watchModelPk(instanceId, customizationId),
  sk: 'BASELINE',
});
export const watchAlertKey = (instanceId: string, customizationId: string): TableKey => ({
  pk: watchModelPk(instanceId, customizationId),
  sk: 'ALERT',
});

export const watchRunsPk = (instanceId: string) => `WATCHRUNS#${part('instanceId', instanceId)}`;
export const WATCH_RUN_SK_PREFIX = 'RUN#';
export const watchRunKey = (instanceId: string, watchRunId: string): TableKey => ({
  pk: watchRunsPk(instanceId),
  sk: `${WATCH_RUN_SK_PREFIX}${part('watchRunId', watchRunId)}`,
});
export const watchPageKey = (instanceId: string, watchRunId: string, page: number): TableKey => ({
  pk: watchRunsPk(instanceId),
  sk: `PAGE#${part('watchRunId', watchRunId)}#${pad(page)}`,
});
/** The sort key prefix of one watch run's failed measurements. */
export const watchFailuresSkPrefix = (watchRunId: string) => `FAILED#${part('watchRunId', watchRunId)}#`;
export const watchFailureKey = (
  instanceId: string,
  watchRunId: string,
  customizationId: string,
): TableKey => ({
  pk: watchRunsPk(instanceId),
  sk: `${watchFailuresSkPrefix(watchRunId)}${part('customizationId', customizationId)}`,
});
export const watchMonthKey = (instanceId: string, month: string): TableKey => ({
  pk: `WATCHMONTH#${part('instanceId', instanceId)}`,
  sk: part('month', month),
});

/** A migration fleet run: its record (`RUN`) and its pages of sources (`PAGE#0001`, ...). */
export const migrationFleetPk = (fleetRunId: string) =>
  `MIGRATIONFLEET#${lastPart('fleetRunId', fleetRunId)}`;
export const migrationFleetRunKey = (fleetRunId: string): TableKey => ({
  pk: migrationFleetPk(fleetRunId),
  sk: RUN_SK,
});
export const migrationFleetPageKey = (fleetRunId: string, page: number): TableKey => ({
  pk: migrationFleetPk(fleetRunId),
  sk: `PAGE#${String(page).padStart(4, '0')}`,
});

/** Migrations, one partition per instance, one item per source model. */
export const migrationPk = (instanceId: string) => `MIGRATION#${part('instanceId', instanceId)}`;
export const migrationKey = (instanceId: string, sourceId: string): TableKey => ({
  pk: migrationPk(instanceId),
  sk: lastPart('sourceId', sourceId),
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
