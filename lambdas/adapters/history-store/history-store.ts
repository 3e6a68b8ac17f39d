import { z } from 'zod';
import { parseOrThrow } from '#core/contract/parse.js';
import {
  type Claim,
  claimSchema,
  type LanguageModelStep,
  languageModelStepSchema,
  type ReleaseEntry,
  type ReleaseSource,
  releaseEntrySchema,
  releaseSourceSchema,
  stepEventSchema,
  type UnitRun,
  type UpgradeAttempt,
  unitRunSchema,
  upgradeAttemptSchema,
} from '#core/history/history-records.js';
import type { ListedRun } from '#core/history/run-list.js';
import type { ModelRef } from '#core/model/model-reference.js';
import type { ClaimResult, ClaimTarget, EarlierRequest } from '#core/unit/steps/step-claim.js';
import { type AttemptChange, type AttemptCounters, attemptUpdateExpression } from './attempt-update.js';
import { createDocumentClient, type HistoryStoreOptions } from './client.js';
import { MissingHistoryRecordError } from './errors.js';
import { FleetHistory } from './fleet-store.js';
import type {
  FinishRunResult,
  NewAttempt,
  NewRun,
  NewStepEvent,
  RejectedRun,
  RunEnd,
  RunHistory,
} from './inputs.js';
import {
  type AttemptKey,
  attemptKey,
  attemptRunIndexKey,
  claimKey,
  claimPk,
  languageModelStepKey,
  languageModelStepPk,
  recordedNow,
  releaseEntryKey,
  releaseSourceKey,
  runKey,
  stepKey,
  type TableKey,
} from './keys.js';
import { MigrationHistory } from './migration-store.js';
import * as queries from './queries.js';
import { readRecord } from './records.js';
import { StoppedRunNotes } from './stopped-notes.js';
import { Table } from './table.js';
import { VerificationHistory } from './verification-store.js';
import { WatchHistory } from './watch-store.js';

/** A claim lost to a delete between our failed put and our read is retried this many times. */
const CLAIM_ATTEMPTS = 3;

/**
 * The upgrade history in one DynamoDB table. Every write touches one item and is conditional
 * where a retried Lambda or a second execution could collide, because the local emulator has
 * no transactions. Retried writes are idempotent; "someone else got there first" is a result.
 */
export class HistoryStore {
  private readonly table: Table;
  /** Fleet runs, their pages of units and the units' outcomes. */
  readonly fleet: FleetHistory;
  /** Verifications of upgraded models: plans, recognised batches and records. */
  readonly verification: VerificationHistory;
  /** Migrations to large speech models: one record per source model. */
  readonly migration: MigrationHistory;
  /** The accuracy watch: measurements, baselines, alerts, runs and the minutes they spent. */
  readonly watch: WatchHistory;
  /** The closer's notes of stopped runs whose attempts a later run settles. */
  readonly stopped: StoppedRunNotes;

  constructor(options: HistoryStoreOptions) {
    this.table = new Table(createDocumentClient(options), options.tableName);
    this.fleet = new FleetHistory(this.table);
    this.verification = new VerificationHistory(this.table);
    this.migration = new MigrationHistory(this.table);
    this.watch = new WatchHistory(this.table);
    this.stopped = new StoppedRunNotes(this.table);
  }

  /** Records a run as running; a retried first state gets the run already stored. */
  async startRun(run: NewRun): Promise<UnitRun> {
    const { executionArn, ...fields } = run;
    return this.putOnce(
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
    return { finished: false, run: await this.existing(key, unitRunSchema, 'unit run') };
  }

  /** Records a run whose input was rejected; a retry gets the run already stored. */
  async recordRejectedRun(run: RejectedRun): Promise<UnitRun> {
    return this.putOnce(
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
    return this.putOnce(
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

  /**
   * Takes the right to upgrade a model in one step to one target. Granted if nobody holds it, or
   * again (`own`) if this run already does: a retried task, which also learns of this run's earlier
   * request for the step. Otherwise says which run holds it.
   */
  async claim(
    target: ClaimTarget,
    runId: string,
    claimedAt: string,
    executionArn?: string,
  ): Promise<ClaimResult> {
    const key = claimKey(target);
    const record = parseOrThrow(
      claimSchema,
      { type: 'claim', runId, claimedAt, ...(executionArn ? { executionArn } : {}) },
      'claim',
    );
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      if (await this.table.putIfAbsent(key, record))
        return { granted: true, own: false, earlierRequest: null };
      const holder = await this.table.get(key);
      if (!holder) continue; // Released between our put and our read: try again.
      const claim: Claim = readRecord(this.table.name, holder, claimSchema, 'claim');
      if (claim.runId !== runId) {
        return {
          granted: false,
          heldBy: claim.runId,
          claimedAt: claim.claimedAt,
          ...(claim.executionArn ? { heldByExecution: claim.executionArn } : {}),
        };
      }
      const earlierRequest = claim.requestedAt
        ? { at: claim.requestedAt, updatedBefore: claim.updatedBefore ?? null }
        : null;
      return { granted: true, own: true, earlierRequest };
    }
    throw new Error(`History table '${this.table.name}': claim ${key.pk} ${key.sk} kept changing hands`);
  }

  /**
   * Notes on this run's claim that it is about to ask IBM for the step, before it asks: should the
   * answer be lost, a retry reads this and looks at the model before asking again.
   */
  async noteRequest(target: ClaimTarget, runId: string, request: EarlierRequest): Promise<void> {
    const result = await this.table.update(claimKey(target), {
      UpdateExpression: 'SET requestedAt = :at, updatedBefore = :updatedBefore',
      ConditionExpression: 'runId = :runId',
      ExpressionAttributeValues: {
        ':at': request.at,
        ':updatedBefore': request.updatedBefore,
        ':runId': runId,
      },
    });
    if (!result.ok)
      throw new MissingHistoryRecordError(this.table.name, claimKey(target), `claim of run ${runId}`);
  }

  /** Clears the note of this run's request from its claim: IBM answered that it did not carry it out. */
  async forgetRequest(target: ClaimTarget, runId: string): Promise<void> {
    // A claim already released or taken over has nothing of this run's left to clear.
    await this.table.update(claimKey(target), {
      UpdateExpression: 'REMOVE requestedAt, updatedBefore',
      ConditionExpression: 'runId = :runId',
      ExpressionAttributeValues: { ':runId': runId },
    });
  }

  /** Takes over a claim left by another run (see `mayTakeOverClaim`), unless it changed hands meanwhile. */
  async takeOverClaim(
    target: ClaimTarget,
    runId: string,
    fromRunId: string,
    claimedAt: string,
    executionArn?: string,
  ): Promise<ClaimResult> {
    await this.table.deleteIf(claimKey(target), {
      ConditionExpression: 'runId = :from',
      ExpressionAttributeValues: { ':from': fromRunId },
    });
    return this.claim(target, runId, claimedAt, executionArn);
  }

  /** Records that an acoustic model finished its with-language-model step on a version; idempotent. */
  async recordLanguageModelStep(step: Omit<LanguageModelStep, 'type'>): Promise<void> {
    const record = parseOrThrow(
      languageModelStepSchema,
      { ...step, type: 'language-model-step' },
      'language model step',
    );
    await this.table.putIfAbsent(
      languageModelStepKey(step.instanceId, step.customizationId, step.version),
      record,
    );
  }

  /** Whether an acoustic model finished its with-language-model step on a version. */
  async hasLanguageModelStep(instanceId: string, customizationId: string, version: string): Promise<boolean> {
    return (await this.table.get(languageModelStepKey(instanceId, customizationId, version))) !== undefined;
  }

  /** Every with-language-model step recorded on an instance, as `customizationId#version` keys. */
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
        .map((step) => `${step.customizationId}#${step.version}`),
    );
  }

  /** Every claim on a model (any step, any target), read consistently, with its key. */
  async claims(instanceId: string, customizationId: string): Promise<(Claim & { key: TableKey })[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': claimPk(instanceId, customizationId) },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      ...readRecord(this.table.name, item, claimSchema, 'claim'),
      key: { pk: String(item.pk), sk: String(item.sk) },
    }));
  }

  /** Gives up every claim this run holds on a model, so a later run may try again; returns how many. */
  async releaseClaims(instanceId: string, customizationId: string, runId: string): Promise<number> {
    let released = 0;
    for (const { key, ...claim } of await this.claims(instanceId, customizationId)) {
      if (claim.runId !== runId) continue;
      const deleted = await this.table.deleteIf(key, {
        ConditionExpression: 'runId = :runId',
        ExpressionAttributeValues: { ':runId': runId },
      });
      if (deleted) released++;
    }
    return released;
  }

  /** Stores a release-notes entry the first time it is seen; `created` is false when it was known. */
  async putReleaseEntry(
    entry: Omit<ReleaseEntry, 'type'>,
  ): Promise<{ created: boolean; entry: ReleaseEntry }> {
    const key = releaseEntryKey(entry.source, entry.entryId);
    const record = parseOrThrow(releaseEntrySchema, { ...entry, type: 'release-entry' }, 'release entry');
    if (await this.table.putIfAbsent(key, record)) return { created: true, entry: record };
    return { created: false, entry: await this.existing(key, releaseEntrySchema, 'release entry') };
  }

  async getReleaseEntry(source: string, entryId: string): Promise<ReleaseEntry | undefined> {
    const item = await this.table.get(releaseEntryKey(source, entryId));
    return item && readRecord(this.table.name, item, releaseEntrySchema, 'release entry');
  }

  /** Every entry stored for a source, in no particular order. */
  async releaseEntries(source: string): Promise<ReleaseEntry[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entry)',
      ExpressionAttributeValues: { ':pk': releaseEntryKey(source, 'x').pk, ':entry': 'ENTRY#' },
      // The planner takes its targets from these, possibly just after the watcher stored one.
      ConsistentRead: true,
    });
    return items.map((item) => readRecord(this.table.name, item, releaseEntrySchema, 'release entry'));
  }

  /** What the watcher recorded at a source's last good check; undefined before the first. */
  async getReleaseSource(source: string): Promise<ReleaseSource | undefined> {
    const item = await this.table.get(releaseSourceKey(source));
    return item && readRecord(this.table.name, item, releaseSourceSchema, 'release source');
  }

  /** Records a good check of a source, replacing the previous one. */
  async recordReleaseSource(check: Omit<ReleaseSource, 'type'>): Promise<ReleaseSource> {
    const record = parseOrThrow(releaseSourceSchema, { ...check, type: 'release-source' }, 'release source');
    // No condition: the latest good check wins.
    await this.table.update(releaseSourceKey(record.source), {
      UpdateExpression: 'SET #type = :type, #source = :source, entryCount = :count, checkedAt = :at',
      ExpressionAttributeNames: { '#type': 'type', '#source': 'source' },
      ExpressionAttributeValues: {
        ':type': record.type,
        ':source': record.source,
        ':count': record.entryCount,
        ':at': record.checkedAt,
      },
    });
    return record;
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

  /** Validates and writes a record unless its key exists; returns what the table holds. */
  private async putOnce<S extends z.ZodType<object>>(
    key: TableKey,
    schema: S,
    recordType: string,
    record: unknown,
    storageAttributes: Record<string, string> = {},
  ): Promise<z.output<S>> {
    const valid = parseOrThrow(schema, record, recordType);
    if (await this.table.putIfAbsent(key, { ...valid, ...storageAttributes })) return valid;
    return this.existing(key, schema, recordType);
  }

  private async existing<S extends z.ZodType<object>>(
    key: TableKey,
    schema: S,
    recordType: string,
  ): Promise<z.output<S>> {
    const item = await this.table.get(key);
    if (!item) throw new MissingHistoryRecordError(this.table.name, key, recordType);
    return readRecord(this.table.name, item, schema, recordType);
  }
}
