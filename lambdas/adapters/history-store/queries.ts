import { fleetRunSchema } from '#core/fleet/fleet-records.js';
import {
  type StepEvent,
  stepEventSchema,
  type UnitRun,
  type UpgradeAttempt,
  unitRunSchema,
  upgradeAttemptSchema,
} from '#core/history/history-records.js';
import type { ListedRun } from '#core/history/run-list.js';
import type { ModelRef } from '#core/model/model-reference.js';
import type { RunHistory } from './inputs.js';
import {
  ATTEMPT_SK_PREFIX,
  FAILURE_INDEX,
  failureDayPk,
  modelPk,
  RECORDED_AT,
  RUN_SK,
  runPk,
  STEP_SK_PREFIX,
  utcTimestamp,
} from './keys.js';
import { readRecord } from './records.js';
import type { Item, Table } from './table.js';

const DAY_MS = 24 * 3600 * 1000;
/** A year and a day: a wider window is a mistake, and would cost one query per day. */
const MAX_FAILURE_WINDOW_DAYS = 366;

const asAttempt = (table: Table) => (item: Item) =>
  readRecord(table.name, item, upgradeAttemptSchema, 'upgrade attempt');

/** A model's attempts, newest first. */
export async function modelHistory(
  table: Table,
  instanceId: string,
  customizationId: string,
  limit?: number,
): Promise<UpgradeAttempt[]> {
  const items = await table.query(
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :attempt)',
      ExpressionAttributeValues: {
        ':pk': modelPk(instanceId, customizationId),
        ':attempt': ATTEMPT_SK_PREFIX,
      },
      ScanIndexForward: false,
      ConsistentRead: true,
      ...(limit !== undefined ? { Limit: limit } : {}),
    },
    (found) => limit !== undefined && found.length >= limit,
  );
  return items.slice(0, limit).map(asAttempt(table));
}

/** How long the model's latest successful upgrades took, newest first: input to the poll policy. */
export async function pastStepDurations(
  table: Table,
  instanceId: string,
  customizationId: string,
  step: string,
  limit: number,
): Promise<number[]> {
  const items = await table.query(
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :attempt)',
      FilterExpression: '#outcome = :upgraded AND attribute_exists(durationSeconds)',
      ExpressionAttributeNames: { '#outcome': 'outcome' },
      ExpressionAttributeValues: {
        ':pk': modelPk(instanceId, customizationId),
        ':attempt': ATTEMPT_SK_PREFIX,
        ':upgraded': 'upgraded',
      },
      ScanIndexForward: false,
      ConsistentRead: true,
      // Small pages: the answer is usually in the newest few attempts.
      Limit: Math.max(limit * 2, 10),
    },
    (found) => found.length >= limit,
  );
  // Attempts recorded before steps were timed apart carry only the whole duration: it is the first step's.
  return items
    .slice(0, limit)
    .map(asAttempt(table))
    .flatMap((attempt) => {
      const seconds =
        attempt.stepDurations?.[step] ??
        (step === 'upgrade' && attempt.stepDurations === undefined ? attempt.durationSeconds : undefined);
      return seconds === undefined ? [] : [seconds];
    });
}

/**
 * Everything one run recorded: the run, one attempt per model, and its step events. Read with
 * strongly consistent reads of the run's partition and of each of its models' partitions, never
 * through the `byRun` index, whose items appear some time after their writes: a unit's summary
 * decides its outcome from this right after its tasks wrote the attempts.
 */
export async function runHistory(table: Table, runId: string): Promise<RunHistory> {
  const runItems = await table.query({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': runPk(runId) },
    ConsistentRead: true,
  });
  let run: UnitRun | undefined;
  const steps: StepEvent[] = [];
  for (const item of runItems) {
    if (item.sk === RUN_SK) run = readRecord(table.name, item, unitRunSchema, 'unit run');
    else if (String(item.sk).startsWith(STEP_SK_PREFIX)) {
      steps.push(readRecord(table.name, item, stepEventSchema, 'step event'));
    }
  }
  if (!run) return { attempts: [], steps };
  const found = run;
  const perModel = await Promise.all(
    found.modelIds.map((customizationId) => attemptsInRun(table, found, customizationId)),
  );
  const attempts = perModel.flat().sort((a, b) => a.customizationId.localeCompare(b.customizationId));
  return { run, attempts, steps };
}

/** A model's attempts in one run, from the model's own partition. */
async function attemptsInRun(table: Table, run: UnitRun, customizationId: string): Promise<UpgradeAttempt[]> {
  const items = await table.query({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :attempt)',
    FilterExpression: 'runId = :runId',
    ExpressionAttributeValues: {
      ':pk': modelPk(run.instanceId, customizationId),
      ':attempt': ATTEMPT_SK_PREFIX,
      ':runId': run.runId,
    },
    ConsistentRead: true,
  });
  return items.map(asAttempt(table));
}

/** Attempts that failed between two instants (inclusive), oldest first: one index query per UTC day. */
export async function failuresSince(
  table: Table,
  sinceIso: string,
  untilIso: string,
): Promise<UpgradeAttempt[]> {
  const since = utcTimestamp(sinceIso);
  const until = utcTimestamp(untilIso);
  const firstDay = Date.parse(since.slice(0, 10));
  const days = Math.floor((Date.parse(until.slice(0, 10)) - firstDay) / DAY_MS) + 1;
  if (days > MAX_FAILURE_WINDOW_DAYS) {
    throw new RangeError(`failuresSince spans ${days} days; ask for at most ${MAX_FAILURE_WINDOW_DAYS}`);
  }
  const failures: UpgradeAttempt[] = [];
  for (let day = 0; day < days; day++) {
    const items = await table.query({
      IndexName: FAILURE_INDEX,
      KeyConditionExpression: 'gsi2pk = :day AND gsi2sk BETWEEN :since AND :until',
      ExpressionAttributeValues: {
        ':day': failureDayPk(new Date(firstDay + day * DAY_MS).toISOString().slice(0, 10)),
        ':since': since,
        // Sort keys continue with `#<instance>`; `$` sorts after `#`, so attempts ending at `until` count.
        ':until': `${until}$`,
      },
    });
    failures.push(...items.map(asAttempt(table)));
  }
  return failures;
}

/**
 * Every fleet and unit run, in no order, with when each was recorded. A Scan of the whole table
 * filtered on the record type: fine for the local CLI and an operator's occasional look, not for a
 * hot path in AWS.
 */
export async function listRuns(table: Table): Promise<ListedRun[]> {
  const items = await table.scan({
    FilterExpression: '#type IN (:unit, :fleet)',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':unit': 'unit-run', ':fleet': 'fleet-run' },
  });
  return items.map((item): ListedRun => {
    if (item.type === 'fleet-run') {
      const run = readRecord(table.name, item, fleetRunSchema, 'fleet run');
      return { kind: 'fleet', run, recordedAt: recordedAt(item, run.startedAt) };
    }
    const run = readRecord(table.name, item, unitRunSchema, 'unit run');
    return { kind: 'unit', run, recordedAt: recordedAt(item, run.startedAt) };
  });
}

/** When the item was written; records from before the stamp existed fall back to their own time. */
function recordedAt(item: Item, startedAt: string): string {
  return typeof item[RECORDED_AT] === 'string' ? item[RECORDED_AT] : startedAt;
}

/** Every model an attempt was recorded for, once per instance and customization id. */
export async function knownModels(table: Table): Promise<ModelRef[]> {
  const items = await table.scan({
    FilterExpression: '#type = :attempt',
    ProjectionExpression: 'instanceId, customizationId, modelName',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':attempt': 'upgrade-attempt' },
  });
  const models = new Map<string, ModelRef>();
  for (const item of items) {
    const model = {
      instanceId: String(item.instanceId),
      customizationId: String(item.customizationId),
      modelName: typeof item.modelName === 'string' ? item.modelName : '',
    };
    const key = `${model.instanceId}#${model.customizationId}`;
    if (!models.get(key)?.modelName) models.set(key, model);
  }
  return [...models.values()];
}
