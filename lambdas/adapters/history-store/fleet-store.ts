import { parseOrThrow } from '#core/contract/parse.js';
import {
  type FleetPage,
  type FleetRun,
  type FleetSummary,
  type FleetUnitOutcome,
  type FleetUnitRun,
  fleetPageSchema,
  fleetRunSchema,
  fleetUnitOutcomeSchema,
  fleetUnitRunSchema,
} from '#core/fleet/fleet-records.js';
import type { NewFleetRun } from '#core/history/inputs.js';
import type { FleetRecords } from '#core/history/ports.js';
import type { UpgradeUnitInput } from '#core/unit/unit-input.js';
import { MissingHistoryRecordError } from './errors.js';
import {
  FLEET_PAGE_SK_PREFIX,
  FLEET_UNIT_RUN_SK_PREFIX,
  FLEET_UNIT_SK_PREFIX,
  fleetPageKey,
  fleetPk,
  fleetRunKey,
  fleetUnitKey,
  fleetUnitRunKey,
  recordedNow,
} from './keys.js';
import { readRecord } from './records.js';
import type { Table } from './table.js';

/**
 * Fleet runs in the history table, one partition per run (layout in `keys.ts`). Reading a run is a
 * query on its partition, never a scan.
 */
export class FleetStore implements FleetRecords {
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
      await this.table.put(fleetPageKey(run.fleetRunId, page.page), record);
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
    const key = fleetPageKey(fleetRunId, page);
    const item = await this.table.get(key);
    if (!item) throw new MissingHistoryRecordError(this.table.name, key, 'fleet page');
    return readRecord(this.table.name, item, fleetPageSchema, 'fleet page');
  }

  /** Every page of the run, in order (only pages up to the run's page count are its own). */
  async pages(fleetRunId: string): Promise<FleetPage[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :page)',
      ExpressionAttributeValues: { ':pk': fleetPk(fleetRunId), ':page': FLEET_PAGE_SK_PREFIX },
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
    const key = fleetUnitKey(runId, page, item);
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
      ExpressionAttributeValues: { ':pk': fleetPk(fleetRunId), ':unit': FLEET_UNIT_SK_PREFIX },
      ConsistentRead: true,
    });
    return items.map((item) =>
      readRecord(this.table.name, item, fleetUnitOutcomeSchema, 'fleet unit outcome'),
    );
  }

  /** Notes a unit execution the run started; a retried first state finds it noted. */
  async recordUnitRun(unitRun: Omit<FleetUnitRun, 'type'>): Promise<void> {
    const record = parseOrThrow(fleetUnitRunSchema, { ...unitRun, type: 'fleet-unit-run' }, 'fleet unit run');
    await this.table.putIfAbsent(fleetUnitRunKey(record.fleet.runId, record.unitRunId), record);
  }

  /** Every unit execution the run started, read consistently from its partition (no index). */
  async unitRuns(fleetRunId: string): Promise<FleetUnitRun[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :unitRun)',
      ExpressionAttributeValues: { ':pk': fleetPk(fleetRunId), ':unitRun': FLEET_UNIT_RUN_SK_PREFIX },
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
