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
import type { MeasurementCount, WatchRecords } from '#core/watch/ports.js';
import { MissingHistoryRecordError } from './errors.js';
import {
  MEASUREMENT_SK_PREFIX,
  measurementKey,
  WATCH_RUN_SK_PREFIX,
  watchAlertKey,
  watchBaselineKey,
  watchFailureKey,
  watchFailuresSkPrefix,
  watchModelPk,
  watchMonthKey,
  watchPageKey,
  watchRunKey,
  watchRunsPk,
} from './keys.js';
import { readRecord } from './records.js';
import type { Table } from './table.js';

/**
 * The accuracy watch in the history table (layout in `keys.ts`): per model its measurements, baseline
 * and open alert; per instance its runs, their pages and failures, and the minutes spent each month.
 * Counters are atomic updates of one item, read consistently: no index lag can miscount a run.
 */
const baselineSchema = z.object({ watchRunId: z.string().min(1), acceptedAt: z.string().optional() });
const alertSchema = z.object({
  baselineMeasuredAt: z.string(),
  direction: z.enum(['worse', 'better']),
  firstMovedAt: z.string(),
  notifiedAt: z.string(),
});
const pageSchema = z.object({ models: z.array(z.string().min(1)) });
const monthSchema = z.object({ audioMinutes: z.number().nonnegative() });

const verdictCounter = { baseline: 'baselines', steady: 'steady', worse: 'worse', better: 'better' } as const;

export class WatchStore implements WatchRecords {
  constructor(private readonly table: Table) {}

  /** Records a run and its pages of model ids; a retried plan finds the run already stored. */
  async startRun(run: WatchRun, pages: readonly (readonly string[])[]): Promise<WatchRun> {
    const record = parseOrThrow(watchRunSchema, run, 'watch run');
    for (const [index, models] of pages.entries()) {
      await this.table.put(watchPageKey(run.instanceId, run.watchRunId, index + 1), {
        type: 'watch-page',
        models: [...models],
      });
    }
    const stored = await this.table.putIfAbsent(watchRunKey(run.instanceId, run.watchRunId), {
      type: 'watch-run',
      ...record,
    });
    return stored ? record : this.requireRun(run.instanceId, run.watchRunId);
  }

  async run(instanceId: string, watchRunId: string): Promise<WatchRun | undefined> {
    const item = await this.table.get(watchRunKey(instanceId, watchRunId));
    return item && readRecord(this.table.name, item, watchRunSchema, 'watch run');
  }

  async requireRun(instanceId: string, watchRunId: string): Promise<WatchRun> {
    const run = await this.run(instanceId, watchRunId);
    if (!run)
      throw new MissingHistoryRecordError(this.table.name, watchRunKey(instanceId, watchRunId), 'watch run');
    return run;
  }

  /** The instance's runs, newest first. */
  async runs(instanceId: string, limit = 20): Promise<WatchRun[]> {
    const items = await this.table.query(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)',
        ExpressionAttributeValues: { ':pk': watchRunsPk(instanceId), ':run': WATCH_RUN_SK_PREFIX },
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
    const item = await this.table.get(watchPageKey(instanceId, watchRunId, page));
    return item && readRecord(this.table.name, item, pageSchema, 'watch page').models;
  }

  /** Adds one measurement (or failure) to its run's counters and to the instance's minutes of the month. */
  async count(instanceId: string, watchRunId: string, month: string, count: MeasurementCount): Promise<void> {
    const fields: Record<string, number> = {
      ...(count.verdict === 'failed' ? { failed: 1 } : { measured: 1, [verdictCounter[count.verdict]]: 1 }),
      audioMinutes: count.audioMinutes,
      priceUsd: count.priceUsd,
    };
    await this.table.update(watchRunKey(instanceId, watchRunId), {
      UpdateExpression: `ADD ${Object.keys(fields)
        .map((field) => `#${field} :${field}`)
        .join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.fromEntries(Object.keys(fields).map((f) => [`#${f}`, f])),
      ExpressionAttributeValues: Object.fromEntries(Object.entries(fields).map(([f, v]) => [`:${f}`, v])),
    });
    await this.table.update(watchMonthKey(instanceId, month), {
      UpdateExpression: 'ADD audioMinutes :minutes SET #type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':minutes': count.audioMinutes, ':type': 'watch-month' },
    });
  }

  /** IBM audio minutes the watch spent on the instance in a calendar month (`YYYY-MM`). */
  async minutesOfMonth(instanceId: string, month: string): Promise<number> {
    const item = await this.table.get(watchMonthKey(instanceId, month));
    return item ? readRecord(this.table.name, item, monthSchema, 'watch month').audioMinutes : 0;
  }

  /** Closes a run (done or stopped); the fields given replace the stored ones. */
  async finishRun(
    instanceId: string,
    watchRunId: string,
    end: Pick<WatchRun, 'outcome' | 'endedAt'> & { readonly reason?: string },
  ): Promise<WatchRun> {
    const fields = Object.entries(end).filter(([, value]) => value !== undefined);
    await this.table.update(watchRunKey(instanceId, watchRunId), {
      UpdateExpression: `SET ${fields.map(([f]) => `#${f} = :${f}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.fromEntries(fields.map(([f]) => [`#${f}`, f])),
      ExpressionAttributeValues: Object.fromEntries(fields.map(([f, v]) => [`:${f}`, v])),
    });
    return this.requireRun(instanceId, watchRunId);
  }

  /** Notes where the run's report is (or why it is not); the run itself is closed already. */
  async noteReport(
    instanceId: string,
    watchRunId: string,
    report: NonNullable<WatchRun['report']>,
  ): Promise<void> {
    await this.table.update(watchRunKey(instanceId, watchRunId), {
      UpdateExpression: 'SET #report = :report',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#report': 'report' },
      ExpressionAttributeValues: { ':report': report },
    });
  }

  async recordFailure(failure: MeasurementFailure): Promise<boolean> {
    const record = parseOrThrow(measurementFailureSchema, failure, 'measurement failure');
    return this.table.putIfAbsent(
      watchFailureKey(record.instanceId, record.watchRunId, record.customizationId),
      { type: 'watch-failure', ...record },
    );
  }

  async failures(instanceId: string, watchRunId: string): Promise<MeasurementFailure[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :failed)',
      ExpressionAttributeValues: {
        ':pk': watchRunsPk(instanceId),
        ':failed': watchFailuresSkPrefix(watchRunId),
      },
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
      measurementKey(record.instanceId, record.customizationId, record.watchRunId),
      { type: 'measurement', ...record },
    );
  }

  async measurement(
    instanceId: string,
    customizationId: string,
    watchRunId: string,
  ): Promise<Measurement | undefined> {
    const item = await this.table.get(measurementKey(instanceId, customizationId, watchRunId));
    return item && readRecord(this.table.name, item, measurementSchema, 'measurement');
  }

  /** A model's measurements, oldest first; `from` (a watch run id) keeps those from that run on. */
  async measurements(instanceId: string, customizationId: string, from?: string): Promise<Measurement[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': watchModelPk(instanceId, customizationId),
        ':from': `${MEASUREMENT_SK_PREFIX}${from ?? ''}`,
        ':to': `${MEASUREMENT_SK_PREFIX}\uffff`,
      },
      ConsistentRead: true,
    });
    return items.map((item) => readRecord(this.table.name, item, measurementSchema, 'measurement'));
  }

  async latest(instanceId: string, customizationId: string): Promise<Measurement | undefined> {
    const items = await this.table.query(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :measured)',
        ExpressionAttributeValues: {
          ':pk': watchModelPk(instanceId, customizationId),
          ':measured': MEASUREMENT_SK_PREFIX,
        },
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
    const item = await this.table.get(watchBaselineKey(instanceId, customizationId));
    return item && readRecord(this.table.name, item, baselineSchema, 'watch baseline').watchRunId;
  }

  /** Makes a measurement the model's baseline and clears its alert: the comparison starts again from it. */
  async setBaseline(
    instanceId: string,
    customizationId: string,
    watchRunId: string,
    acceptedAt?: string,
  ): Promise<void> {
    await this.table.put(watchBaselineKey(instanceId, customizationId), {
      type: 'watch-baseline',
      watchRunId,
      ...(acceptedAt !== undefined && { acceptedAt }),
    });
    await this.table.deleteIf(watchAlertKey(instanceId, customizationId), {});
  }

  async alert(instanceId: string, customizationId: string): Promise<WatchAlert | undefined> {
    const item = await this.table.get(watchAlertKey(instanceId, customizationId));
    return item && readRecord(this.table.name, item, alertSchema, 'watch alert');
  }

  async setAlert(instanceId: string, customizationId: string, alert: WatchAlert | null): Promise<void> {
    const key = watchAlertKey(instanceId, customizationId);
    if (alert === null) await this.table.deleteIf(key, {});
    else
      await this.table.put(key, { type: 'watch-alert', ...parseOrThrow(alertSchema, alert, 'watch alert') });
  }
}
