import { z } from 'zod';
import { parseOrThrow } from '#core/contract/parse.js';
import {
  type LanguageModelStep,
  languageModelStepSchema,
  stepEventSchema,
  type UnitRun,
  type UpgradeAttempt,
  unitRunSchema,
  upgradeAttemptSchema,
} from '#core/history/history-records.js';
import type {
  AttemptKey,
  FinishRunResult,
  NewAttempt,
  NewRun,
  NewStepEvent,
  RejectedRun,
  RunEnd,
  RunHistory,
} from '#core/history/inputs.js';
import type { HistoryAttempts, HistoryRuns, LanguageModelStepHistory } from '#core/history/ports.js';
import type { ListedRun } from '#core/history/run-list.js';
import type { ModelRef } from '#core/model/model-reference.js';
import { languageModelStepKey } from '#core/unit/language-model-step.js';
import type { AttemptChange, AttemptCounters } from '#core/unit/steps/history-writes.js';
import { attemptUpdateExpression } from './attempt-update.js';
import { MissingHistoryRecordError } from './errors.js';
import {
  attemptKey,
  attemptRunIndexKey,
  languageModelStepItemKey,
  languageModelStepPk,
  recordedNow,
  runKey,
  stepKey,
} from './keys.js';
import * as queries from './queries.js';
import { putOnce, readExisting, readRecord } from './records.js';
import type { Table } from './table.js';

/**
 * Unit runs, their models' attempts and step events, and acoustic models' with-language-model
 * steps. Writes that a retried Lambda or a second execution could repeat are conditional, and a
 * repeat answers what the first write stored.
 */
export class RunStore implements HistoryRuns, HistoryAttempts, LanguageModelStepHistory {
  constructor(private readonly table: Table) {}

  /** Records a run as running; a retried first state gets the run already stored. */
  async startRun(run: NewRun): Promise<UnitRun> {
    const { executionArn, ...fields } = run;
    return putOnce(
      this.table,
      runKey(run.runId),
      unitRunSchema,
      'unit run',
      {
        ...fields,
        ...(executionArn ? { executionArn } : {}),
        modelIds: [...run.modelIds],
        type: 'unit-run',
        outcome: 'running',
      },
      recordedNow(),
    );
  }

  /** Closes a running run. A run that already ended is returned as stored with `finished: false`. */
  async finishRun(runId: string, end: RunEnd): Promise<FinishRunResult> {
    const key = runKey(runId);
    const fields = parseOrThrow(
      unitRunSchema
        .pick({ endedAt: true, error: true, cause: true })
        .required({ endedAt: true })
        .extend({ outcome: z.enum(['succeeded', 'failed']) }),
      end,
      `end of run ${runId}`,
    );
    const assignments = Object.entries(fields).filter(([, value]) => value !== undefined);
    const result = await this.table.update(key, {
      UpdateExpression: `SET ${assignments.map(([field]) => `#${field} = :${field}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(pk) AND #outcome = :running',
      ExpressionAttributeNames: Object.fromEntries(assignments.map(([field]) => [`#${field}`, field])),
      ExpressionAttributeValues: {
        ':running': 'running',
        ...Object.fromEntries(assignments.map(([field, value]) => [`:${field}`, value])),
      },
    });
    if (result.ok)
      return { finished: true, run: readRecord(this.table.name, result.value, unitRunSchema, 'unit run') };
    return { finished: false, run: await readExisting(this.table, key, unitRunSchema, 'unit run') };
  }

  /** Records a run whose input was rejected; a retry gets the run already stored. */
  async recordRejectedRun(run: RejectedRun): Promise<UnitRun> {
    return putOnce(
      this.table,
      runKey(run.runId),
      unitRunSchema,
      'unit run',
      {
        type: 'unit-run',
        runId: run.runId,
        instanceId: run.instanceId,
        trigger: run.trigger,
        dryRun: run.dryRun ?? false,
        startedAt: run.rejectedAt,
        endedAt: run.rejectedAt,
        outcome: 'rejected',
        error: run.error,
        cause: run.cause,
        modelIds: [...(run.modelIds ?? [])],
      },
      recordedNow(),
    );
  }

  /** Opens a model's attempt in a run; a retried check gets the attempt already stored. */
  async startAttempt(attempt: NewAttempt): Promise<UpgradeAttempt> {
    return putOnce(
      this.table,
      attemptKey(attempt),
      upgradeAttemptSchema,
      'upgrade attempt',
      {
        ...attempt,
        type: 'upgrade-attempt',
        outcome: 'in-progress',
        steps: [],
        polls: 0,
        retries: 0,
        revision: 1,
      },
      attemptRunIndexKey(attempt.runId, attempt.customizationId),
    );
  }

  /**
   * Changes an attempt and bumps its `revision`. Counters add to what is stored. A failed
   * outcome files the attempt under its day in the failure index; any other outcome removes it.
   */
  async updateAttempt(
    key: AttemptKey,
    change: AttemptChange,
    counters?: AttemptCounters,
  ): Promise<UpgradeAttempt> {
    const tableKey = attemptKey(key);
    const result = await this.table.update(tableKey, attemptUpdateExpression(key, change, counters));
    if (!result.ok) throw new MissingHistoryRecordError(this.table.name, tableKey, 'upgrade attempt');
    return readRecord(this.table.name, result.value, upgradeAttemptSchema, 'upgrade attempt');
  }

  /**
   * Appends a step event. `dedupKey` (e.g. the poll number) makes a retried write of the same
   * event a no-op: `recorded` is false then.
   */
  async recordStep(event: NewStepEvent, dedupKey: string): Promise<{ recorded: boolean }> {
    const record = parseOrThrow(stepEventSchema, { ...event, type: 'step' }, 'step event');
    const key = stepKey(record.runId, record.at, record.customizationId, record.step, dedupKey);
    return { recorded: await this.table.putIfAbsent(key, record) };
  }

  /** Records that an acoustic model finished its with-language-model step on a version; idempotent. */
  async recordLanguageModelStep(step: Omit<LanguageModelStep, 'type'>): Promise<void> {
    const record = parseOrThrow(
      languageModelStepSchema,
      { ...step, type: 'language-model-step' },
      'language model step',
    );
    await this.table.putIfAbsent(
      languageModelStepItemKey(step.instanceId, step.customizationId, step.version),
      record,
    );
  }

  /** Whether an acoustic model finished its with-language-model step on a version. */
  async hasLanguageModelStep(instanceId: string, customizationId: string, version: string): Promise<boolean> {
    return (
      (await this.table.get(languageModelStepItemKey(instanceId, customizationId, version))) !== undefined
    );
  }

  /** Every with-language-model step recorded on an instance, as core's `languageModelStepKey`s. */
  async languageModelSteps(instanceId: string): Promise<Set<string>> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': languageModelStepPk(instanceId) },
      // The planner decides from this which acoustic models still owe a step: read what was written.
      ConsistentRead: true,
    });
    return new Set(
      items
        .map((item) => readRecord(this.table.name, item, languageModelStepSchema, 'language model step'))
        .map((step) => languageModelStepKey(step.customizationId, step.version)),
    );
  }

  /** A model's attempts, newest first. */
  modelHistory(instanceId: string, customizationId: string, options: { limit?: number } = {}) {
    return queries.modelHistory(this.table, instanceId, customizationId, options.limit);
  }

  /** How long one upgrade step took in the model's latest upgraded attempts, in seconds, newest first. */
  pastStepDurations(instanceId: string, customizationId: string, step: string, limit = 5): Promise<number[]> {
    return queries.pastStepDurations(this.table, instanceId, customizationId, step, limit);
  }

  /** One run's record, read consistently (no index): what the closer and a claim's contender decide on. */
  async getRun(runId: string): Promise<UnitRun | undefined> {
    const item = await this.table.get(runKey(runId));
    return item && readRecord(this.table.name, item, unitRunSchema, 'unit run');
  }

  runHistory(runId: string): Promise<RunHistory> {
    return queries.runHistory(this.table, runId);
  }

  /** Attempts that failed between two instants, inclusive, oldest first. */
  failuresSince(sinceIso: string, untilIso: string): Promise<UpgradeAttempt[]> {
    return queries.failuresSince(this.table, sinceIso, untilIso);
  }

  /** Every fleet and unit run with when it was recorded, in no order (scans the table). */
  listRuns(): Promise<ListedRun[]> {
    return queries.listRuns(this.table);
  }

  /** Every model the history has an attempt of (scans the table). */
  knownModels(): Promise<ModelRef[]> {
    return queries.knownModels(this.table);
  }
}
