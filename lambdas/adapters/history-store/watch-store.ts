import { z } from 'zod';
import { parseOrThrow } from '#core/contract/parse.js';
import {
  type Measurement,
  type MeasurementFailure,
  measurementFailureSchema,
  measurementSchema,
  type WatchAlert,
  type WatchRun,
  watchRunSchema,
} from '#core/watch/index.js';
import { MissingHistoryRecordError } from './errors.js';
import type { TableKey } from './keys.js';
import { readRecord } from './records.js';
import type { Table } from './table.js';

/**
 * The accuracy watch in the history table.
 * - Per model, `WATCH#<instance>#<model>`: its measurements (`MEASURED#<watch run id>`; run ids begin
 *   with their start time, so they sort by date), its baseline (`BASELINE`) and its open alert (`ALERT`).
 * - Per instance, `WATCHRUNS#<instance>`: runs (`RUN#<id>`), their pages of model ids
 *   (`PAGE#<id>#00001`) and failed measurements (`FAILED#<id>#<model>`).
 * - Per instance, `WATCHMONTH#<instance>`: IBM audio minutes spent per calendar month (`YYYY-MM`).
 * Counters are atomic updates of one item, read consistently: no index lag can miscount a run.
 */
function part(field: string, value: string): string {
  if (value.length === 0 || value.includes('#'))
    throw new Error(`History key part '${field}' must be non-empty and free of '#', got '${value}'`);
  return value;
}

const modelPk = (instanceId: string, customizationId: string) =>
  `WATCH#${part('instanceId', instanceId)}#${part('customizationId', customizationId)}`;
const MEASURED = 'MEASURED#';
const runsPk = (instanceId: string) => `WATCHRUNS#${part('instanceId', instanceId)}`;
const runKey = (instanceId: string, watchRunId: string): TableKey => ({
  pk: runsPk(instanceId),
  sk: `RUN#${part('watchRunId', watchRunId)}`,
});
const pageKey = (instanceId: string, watchRunId: string, page: number): TableKey => ({
  pk: runsPk(instanceId),
  sk: `PAGE#${part('watchRunId', watchRunId)}#${String(page).padStart(5, '0')}`,
});
const monthKey = (instanceId: string, month: string): TableKey => ({
  pk: `WATCHMONTH#${part('instanceId', instanceId)}`,
  sk: part('month', month),
});

const baselineSchema = z.object({ watchRunId: z.string().min(1), acceptedAt: z.string().optional() });
const alertSchema = z.object({
  baselineMeasuredAt: z.string(),
  direction: z.enum(['worse', 'better']),
  firstMovedAt: z.string(),
  notifiedAt: z.string(),
});
const pageSchema = z.object({ models: z.array(z.string().min(1)) });
const monthSchema = z.object({ audioMinutes: z.number().nonnegative() });

/** What one measurement adds to its run's counters. */
export interface MeasurementCount {
  readonly verdict: 'baseline' | 'steady' | 'worse' | 'better' | 'failed';
  readonly audioMinutes: number;
  readonly priceUsd: number;
}

const verdictCounter = { baseline: 'baselines', steady: 'steady', worse: 'worse', better: 'better' } as const;

export class WatchHistory {
  constructor(private readonly table: Table) {}

  /** Records a run and its pages of model ids; a retried plan finds the run already stored. */
  async startRun(run: WatchRun, pages: readonly (readonly string[])[]): Promise<WatchRun> {
    const record = parseOrThrow(watchRunSchema, run, 'watch run');
    for (const [index, models] of pages.entries()) {
      await this.table.put(pageKey(run.instanceId, run.watchRunId, index + 1), {
        type: 'watch-page',
        models: [...models],
      });
    }
    const stored = await this.table.putIfAbsent(runKey(run.instanceId, run.watchRunId), {
      type: 'watch-run',
      ...record,
    });
    return stored ? record : this.requireRun(run.instanceId, run.watchRunId);
  }

  async run(instanceId: string, watchRunId: string): Promise<WatchRun | undefined> {
    const item = await this.table.get(runKey(instanceId, watchRunId));
    return item && readRecord(this.table.name, item, watchRunSchema, 'watch run');
  }

  async requireRun(instanceId: string, watchRunId: string): Promise<WatchRun> {
    const run = await this.run(instanceId, watchRunId);
    if (!run)
      throw new MissingHistoryRecordError(this.table.name, runKey(instanceId, watchRunId), 'watch run');
    return run;
  }

  /** The instance's runs, newest first. */
  async runs(instanceId: string, limit = 20): Promise<WatchRun[]> {
    const items = await this.table.query(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)',
        ExpressionAttributeValues: { ':pk': runsPk(instanceId), ':run': 'RUN#' },
        ScanIndexForward: false,
        Limit: limit,
      },
      (found) => found.length >= limit,
    );
    return items
      .slice(0, limit)
      .map((item) => readRecord(this.table.name, item, watchRunSchema, 'watch run'));
  }

  async page(instanceId: string, watchRunId: string, page: number): Promise<string[] | undefined> {
    const item = await this.table.get(pageKey(instanceId, watchRunId, page));
    return item && readRecord(this.table.name, item, pageSchema, 'watch page').models;
  }

  /** Adds one measurement (or failure) to its run's counters and to the instance's minutes of the month. */
  async count(instanceId: string, watchRunId: string, month: string, count: MeasurementCount): Promise<void> {
    const fields: Record<string, number> = {
      ...(count.verdict === 'failed' ? { failed: 1 } : { measured: 1, [verdictCounter[count.verdict]]: 1 }),
      audioMinutes: count.audioMinutes,
      priceUsd: count.priceUsd,
    };
    await this.table.update(runKey(instanceId, watchRunId), {
      UpdateExpression: `ADD ${Object.keys(fields)
        .map((field) => `#${field} :${field}`)
        .join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.fromEntries(Object.keys(fields).map((f) => [`#${f}`, f])),
      ExpressionAttributeValues: Object.fromEntries(Object.entries(fields).map(([f, v]) => [`:${f}`, v])),
    });
    await this.table.update(monthKey(instanceId, month), {
      UpdateExpression: 'ADD audioMinutes :minutes SET #type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':minutes': count.audioMinutes, ':type': 'watch-month' },
    });
  }

  /** IBM audio minutes the watch spent on the instance in a calendar month (`YYYY-MM`). */
  async minutesOfMonth(instanceId: string, month: string): Promise<number> {
    const item = await this.table.get(monthKey(instanceId, month));
    return item ? readRecord(this.table.name, item, monthSchema, 'watch month').audioMinutes : 0;
  }

  /** Closes a run (done or stopped); the fields given replace the stored ones. */
  async finishRun(
    instanceId: string,
    watchRunId: string,
    end: Pick<WatchRun, 'outcome' | 'endedAt'> & { readonly reason?: string },
  ): Promise<WatchRun> {
    const fields = Object.entries(end).filter(([, value]) => value !== undefined);
    await this.table.update(runKey(instanceId, watchRunId), {
      UpdateExpression: `SET ${fields.map(([f]) => `#${f} = :${f}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.fromEntries(fields.map(([f]) => [`#${f}`, f])),
      ExpressionAttributeValues: Object.fromEntries(fields.map(([f, v]) => [`:${f}`, v])),
    });
    return this.requireRun(instanceId, watchRunId);
  }

  async recordFailure(failure: MeasurementFailure): Promise<boolean> {
    const record = parseOrThrow(measurementFailureSchema, failure, 'measurement failure');
    return this.table.putIfAbsent(
      {
        pk: runsPk(record.instanceId),
        sk: `FAILED#${part('watchRunId', record.watchRunId)}#${part('customizationId', record.customizationId)}`,
      },
      { type: 'watch-failure', ...record },
    );
  }

  async failures(instanceId: string, watchRunId: string): Promise<MeasurementFailure[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :failed)',
      ExpressionAttributeValues: { ':pk': runsPk(instanceId), ':failed': `FAILED#${watchRunId}#` },
      ConsistentRead: true,
    });
    return items.map((item) =>
      readRecord(this.table.name, item, measurementFailureSchema, 'measurement failure'),
    );
  }

  /** Stores a measurement once per model and run: false when a retried task finds it stored. */
  async record(measurement: Measurement): Promise<boolean> {
    const record = parseOrThrow(measurementSchema, measurement, 'measurement');
    return this.table.putIfAbsent(
      {
        pk: modelPk(record.instanceId, record.customizationId),
        sk: `${MEASURED}${part('watchRunId', record.watchRunId)}`,
      },
      { type: 'measurement', ...record },
    );
  }

  async measurement(
    instanceId: string,
    customizationId: string,
    watchRunId: string,
  ): Promise<Measurement | undefined> {
    const item = await this.table.get({
      pk: modelPk(instanceId, customizationId),
      sk: `${MEASURED}${part('watchRunId', watchRunId)}`,
    });
    return item && readRecord(this.table.name, item, measurementSchema, 'measurement');
  }

  /** A model's measurements, oldest first; `from` (a watch run id) keeps those from that run on. */
  async measurements(instanceId: string, customizationId: string, from?: string): Promise<Measurement[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': modelPk(instanceId, customizationId),
        ':from': `${MEASURED}${from ?? ''}`,
        ':to': `${MEASURED}\uffff`,
      },
      ConsistentRead: true,
    });
    return items.map((item) => readRecord(this.table.name, item, measurementSchema, 'measurement'));
  }

  async latest(instanceId: string, customizationId: string): Promise<Measurement | undefined> {
    const items = await this.table.query(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :measured)',
        ExpressionAttributeValues: { ':pk': modelPk(instanceId, customizationId), ':measured': MEASURED },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      },
      (found) => found.length >= 1,
    );
    const item = items[0];
    return item && readRecord(this.table.name, item, measurementSchema, 'measurement');
  }

  /** The watch run whose measurement is the model's baseline, if it has one. */
  async baseline(instanceId: string, customizationId: string): Promise<string | undefined> {
    const item = await this.table.get({ pk: modelPk(instanceId, customizationId), sk: 'BASELINE' });
    return item && readRecord(this.table.name, item, baselineSchema, 'watch baseline').watchRunId;
  }

  /** Makes a measurement the model's baseline and clears its alert: the comparison starts again from it. */
  async setBaseline(
    instanceId: string,
    customizationId: string,
    watchRunId: string,
    acceptedAt?: string,
  ): Promise<void> {
    const pk = modelPk(instanceId, customizationId);
    await this.table.put(
      { pk, sk: 'BASELINE' },
      { type: 'watch-baseline', watchRunId, ...(acceptedAt !== undefined && { acceptedAt }) },
    );
    await this.table.deleteIf({ pk, sk: 'ALERT' }, {});
  }

  async alert(instanceId: string, customizationId: string): Promise<WatchAlert | undefined> {
    const item = await this.table.get({ pk: modelPk(instanceId, customizationId), sk: 'ALERT' });
    return item && readRecord(this.table.name, item, alertSchema, 'watch alert');
  }

  async setAlert(instanceId: string, customizationId: string, alert: WatchAlert | null): Promise<void> {
    const key = { pk: modelPk(instanceId, customizationId), sk: 'ALERT' };
    if (alert === null) await this.table.deleteIf(key, {});
    else
      await this.table.put(key, { type: 'watch-alert', ...parseOrThrow(alertSchema, alert, 'watch alert') });
  }
}
