import { parseOrThrow } from '#core/contract/parse.js';
import {
  type FleetPage,
  type FleetPlanRecord,
  type FleetRun,
  type FleetSummary,
  type FleetUnitOutcome,
  type FleetUnitRun,
  fleetPageSchema,
  fleetRunSchema,
  fleetUnitOutcomeSchema,
  fleetUnitRunSchema,
} from '#core/fleet/fleet-records.js';
import type { Trigger, UpgradeUnitInput } from '#core/unit/unit-input.js';
import { MissingHistoryRecordError } from './errors.js';
import { recordedNow, type TableKey } from './keys.js';
import { readRecord } from './records.js';
import type { Table } from './table.js';

/**
 * Fleet runs in the history table, one partition per run: `FLEET#<id>` holds the run record
 * (`RUN`), its pages of units (`PAGE#00001`), one outcome per unit (`UNIT#00001#00042`) and the
 * unit executions it started (`UNITRUN#<unit run id>`).
 * Reading a run is a query on its partition, never a scan.
 */
export const fleetPk = (fleetRunId: string) => {
  if (fleetRunId.length === 0 || fleetRunId.includes('#'))
    throw new Error(`History key part 'fleetRunId' must be non-empty and free of '#', got '${fleetRunId}'`);
  return `FLEET#${fleetRunId}`;
};
const PAGE_PREFIX = 'PAGE#';
const UNIT_PREFIX = 'UNIT#';
const UNIT_RUN_PREFIX = 'UNITRUN#';
const pad = (n: number) => String(n).padStart(5, '0');
const fleetRunKey = (fleetRunId: string): TableKey => ({ pk: fleetPk(fleetRunId), sk: 'RUN' });
const pageKey = (fleetRunId: string, page: number): TableKey => ({
  pk: fleetPk(fleetRunId),
  sk: `${PAGE_PREFIX}${pad(page)}`,
});
const unitKey = (fleetRunId: string, page: number, item: number): TableKey => ({
  pk: fleetPk(fleetRunId),
  sk: `${UNIT_PREFIX}${pad(page)}#${pad(item)}`,
});

const unitRunKey = (fleetRunId: string, unitRunId: string): TableKey => ({
  pk: fleetPk(fleetRunId),
  sk: `${UNIT_RUN_PREFIX}${unitRunId}`,
});

export interface NewFleetRun {
  readonly fleetRunId: string;
  readonly trigger: Trigger;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly plan: FleetPlanRecord;
}

export class FleetHistory {
  constructor(private readonly table: Table) {}

  /**
   * Writes the pages, then the run record that makes them count. A retried plan rewrites pages while
   * no run record exists; once it exists, the stored run is returned and nothing is written.
   */
  async recordPlan(
    run: NewFleetRun,
    pages: readonly { page: number; units: readonly UpgradeUnitInput[] }[],
  ): Promise<{ created: boolean; run: FleetRun }> {
    const stored = await this.getRun(run.fleetRunId);
    if (stored) return { created: false, run: stored };
    for (const page of pages) {
      const record = parseOrThrow(
        fleetPageSchema,
        { type: 'fleet-page', fleetRunId: run.fleetRunId, page: page.page, units: page.units },
        'fleet page',
      );
      await this.table.put(pageKey(run.fleetRunId, page.page), record);
    }
    const record = parseOrThrow(
      fleetRunSchema,
      { ...run, type: 'fleet-run', outcome: 'running', unitsSucceeded: 0, unitsFailed: 0 },
      'fleet run',
    );
    if (await this.table.putIfAbsent(fleetRunKey(run.fleetRunId), { ...record, ...recordedNow() }))
      return { created: true, run: record };
    return { created: false, run: await this.requireRun(run.fleetRunId) };
  }

  async getRun(fleetRunId: string): Promise<FleetRun | undefined> {
    const item = await this.table.get(fleetRunKey(fleetRunId));
    return item && readRecord(this.table.name, item, fleetRunSchema, 'fleet run');
  }

  async requireRun(fleetRunId: string): Promise<FleetRun> {
    const run = await this.getRun(fleetRunId);
    if (!run) throw new MissingHistoryRecordError(this.table.name, fleetRunKey(fleetRunId), 'fleet run');
    return run;
  }

  async getPage(fleetRunId: string, page: number): Promise<FleetPage> {
    const key = pageKey(fleetRunId, page);
    const item = await this.table.get(key);
    if (!item) throw new MissingHistoryRecordError(this.table.name, key, 'fleet page');
    return readRecord(this.table.name, item, fleetPageSchema, 'fleet page');
  }

  /** Every page of the run, in order (only pages up to the run's page count are its own). */
  async pages(fleetRunId: string): Promise<FleetPage[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :page)',
      ExpressionAttributeValues: { ':pk': fleetPk(fleetRunId), ':page': PAGE_PREFIX },
      ConsistentRead: true,
    });
    return items.map((item) => readRecord(this.table.name, item, fleetPageSchema, 'fleet page'));
  }

  /**
   * Records a unit's outcome once and, if it regressed, counts it once on the run's stop counter.
   * Both hold when DynamoDB or Step Functions repeats the write: the outcome names its unit run, and
   * the counter keeps the keys of the units it counted. `recorded` is false when the outcome was
   * already stored.
   */
  async recordUnitOutcome(outcome: Omit<FleetUnitOutcome, 'type'>): Promise<{ recorded: boolean }> {
    const record = parseOrThrow(
      fleetUnitOutcomeSchema,
      { ...outcome, type: 'fleet-unit' },
      'fleet unit outcome',
    );
    const { runId, page, item } = record.fleet;
    const key = unitKey(runId, page, item);
    const recorded = await this.table.putIfAbsent(key, record);
    if (!recorded) {
      const stored = await this.table.get(key);
      const storedRunId =
        stored && readRecord(this.table.name, stored, fleetUnitOutcomeSchema, 'fleet unit outcome').unitRunId;
      // Another execution of the same item (a Map retry) reported first: its outcome stands.
      if (storedRunId !== record.unitRunId) return { recorded: false };
    }
    if (record.verification.regressed > 0) await this.countRegressed(runId, key.sk);
    return { recorded };
  }

  /** Adds a unit to the run's regressed units unless it is among them. */
  private async countRegressed(fleetRunId: string, unit: string): Promise<void> {
    const result = await this.table.update(fleetRunKey(fleetRunId), {
      UpdateExpression: 'ADD regressedUnits :one, regressedUnitKeys :units',
      ConditionExpression: 'attribute_exists(pk) AND NOT contains(regressedUnitKeys, :unit)',
      ExpressionAttributeValues: { ':one': 1, ':units': new Set([unit]), ':unit': unit },
    });
    if (result.ok) return;
    const run = await this.table.get(fleetRunKey(fleetRunId));
    if (!run) throw new MissingHistoryRecordError(this.table.name, fleetRunKey(fleetRunId), 'fleet run');
  }

  /** Every unit outcome of the run, in page and item order. */
  async unitOutcomes(fleetRunId: string): Promise<FleetUnitOutcome[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :unit)',
      ExpressionAttributeValues: { ':pk': fleetPk(fleetRunId), ':unit': UNIT_PREFIX },
      ConsistentRead: true,
    });
    return items.map((item) =>
      readRecord(this.table.name, item, fleetUnitOutcomeSchema, 'fleet unit outcome'),
    );
  }

  /** Notes a unit execution the run started; a retried first state finds it noted. */
  async recordUnitRun(unitRun: Omit<FleetUnitRun, 'type'>): Promise<void> {
    const record = parseOrThrow(fleetUnitRunSchema, { ...unitRun, type: 'fleet-unit-run' }, 'fleet unit run');
    await this.table.putIfAbsent(unitRunKey(record.fleet.runId, record.unitRunId), record);
  }

  /** Every unit execution the run started, read consistently from its partition (no index). */
  async unitRuns(fleetRunId: string): Promise<FleetUnitRun[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :unitRun)',
      ExpressionAttributeValues: { ':pk': fleetPk(fleetRunId), ':unitRun': UNIT_RUN_PREFIX },
      ConsistentRead: true,
    });
    return items.map((item) => readRecord(this.table.name, item, fleetUnitRunSchema, 'fleet unit run'));
  }

  /**
   * Ends a run whose execution stopped before its summary: `failed` with the error and cause. A run
   * that already ended is left as it is; `ended` says whether this call ended it.
   */
  async abandonRun(
    fleetRunId: string,
    end: { readonly endedAt: string; readonly error: string; readonly cause: string },
  ): Promise<{ ended: boolean }> {
    const result = await this.table.update(fleetRunKey(fleetRunId), {
      UpdateExpression: 'SET #outcome = :failed, #endedAt = :endedAt, #error = :error, #cause = :cause',
      ConditionExpression: 'attribute_exists(pk) AND #outcome = :running',
      ExpressionAttributeNames: {
        '#outcome': 'outcome',
        '#endedAt': 'endedAt',
        '#error': 'error',
        '#cause': 'cause',
      },
      ExpressionAttributeValues: {
        ':failed': 'failed',
        ':running': 'running',
        ':endedAt': end.endedAt,
        ':error': end.error,
        ':cause': end.cause,
      },
    });
    return { ended: result.ok };
  }

  /** Stores the summary and its unit counts and ends the run; a retried call writes the same again. */
  async finishRun(fleetRunId: string, summary: FleetSummary, endedAt: string): Promise<void> {
    const result = await this.table.update(fleetRunKey(fleetRunId), {
      UpdateExpression:
        'SET #summary = :summary, #outcome = :succeeded, #endedAt = :endedAt, unitsSucceeded = :ok, unitsFailed = :failed',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#summary': 'summary', '#outcome': 'outcome', '#endedAt': 'endedAt' },
      ExpressionAttributeValues: {
        ':summary': summary,
        ':succeeded': 'succeeded',
        ':endedAt': endedAt,
        ':ok': summary.units.succeeded,
        ':failed': summary.units.failed,
      },
    });
    if (!result.ok)
      throw new MissingHistoryRecordError(this.table.name, fleetRunKey(fleetRunId), 'fleet run');
  }
}
