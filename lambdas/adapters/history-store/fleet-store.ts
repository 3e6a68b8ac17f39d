import {
  type FleetPage,
  type FleetPlanRecord,
  type FleetRun,
  type FleetSummary,
  type FleetUnitOutcome,
  fleetPageSchema,
  fleetRunSchema,
  fleetUnitOutcomeSchema,
} from '#core/fleet-records.js';
import { parseOrThrow } from '#core/parse.js';
import type { Trigger, UpgradeUnitInput } from '#core/upgrade-unit.js';
import { MissingHistoryRecordError } from './errors.js';
import { recordedNow, type TableKey } from './keys.js';
import { readRecord } from './records.js';
import type { Table } from './table.js';

/**
 * Fleet runs in the history table, one partition per run: `FLEET#<id>` holds the run record
 * (`RUN`), its pages of units (`PAGE#00001`) and one outcome per unit (`UNIT#00001#00042`).
 * Reading a run is a query on its partition, never a scan.
 */
export const fleetPk = (fleetRunId: string) => {
  if (fleetRunId.length === 0 || fleetRunId.includes('#'))
    throw new Error(`History key part 'fleetRunId' must be non-empty and free of '#', got '${fleetRunId}'`);
  return `FLEET#${fleetRunId}`;
};
const PAGE_PREFIX = 'PAGE#';
const UNIT_PREFIX = 'UNIT#';
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
   * Records a unit's outcome once, then adds it to the run's live counters (one atomic update of one
   * item). A retried call finds the outcome stored and counts nothing: `recorded` is false then.
   */
  async recordUnitOutcome(outcome: Omit<FleetUnitOutcome, 'type'>): Promise<{ recorded: boolean }> {
    const record = parseOrThrow(
      fleetUnitOutcomeSchema,
      { ...outcome, type: 'fleet-unit' },
      'fleet unit outcome',
    );
    const { runId, page, item } = record.fleet;
    if (!(await this.table.putIfAbsent(unitKey(runId, page, item), record))) return { recorded: false };
    const counter = record.outcome === 'succeeded' ? 'unitsSucceeded' : 'unitsFailed';
    const regressed = record.verification.regressed > 0;
    const result = await this.table.update(fleetRunKey(runId), {
      UpdateExpression: regressed ? 'ADD #counter :one, regressedUnits :one' : 'ADD #counter :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#counter': counter },
      ExpressionAttributeValues: { ':one': 1 },
    });
    if (!result.ok) throw new MissingHistoryRecordError(this.table.name, fleetRunKey(runId), 'fleet run');
    return { recorded: true };
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

  /** Stores the summary and ends the run; a retried call overwrites it with the same counts. */
  async finishRun(fleetRunId: string, summary: FleetSummary, endedAt: string): Promise<void> {
    const result = await this.table.update(fleetRunKey(fleetRunId), {
      UpdateExpression: 'SET #summary = :summary, #outcome = :succeeded, #endedAt = :endedAt',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#summary': 'summary', '#outcome': 'outcome', '#endedAt': 'endedAt' },
      ExpressionAttributeValues: { ':summary': summary, ':succeeded': 'succeeded', ':endedAt': endedAt },
    });
    if (!result.ok)
      throw new MissingHistoryRecordError(this.table.name, fleetRunKey(fleetRunId), 'fleet run');
  }
}
