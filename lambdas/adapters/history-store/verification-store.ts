import { parseOrThrow } from '#core/contract/parse.js';
import { unitRunSchema } from '#core/history/history-records.js';
import { type VerificationRecord, verificationRecordSchema } from '#core/verification/verification-record.js';
import { type VerificationPlan, verificationPlanSchema } from '#core/verification/verification-task.js';
import { MissingHistoryRecordError } from './errors.js';
import { runKey, runPk, type TableKey } from './keys.js';
import { readRecord } from './records.js';
import type { Table } from './table.js';

/**
 * Verifications in the history table, one partition per model and run: `VERIFY#<run>#<model>` holds
 * the plan (`PLAN`) and the record (`RECORD`). Transcripts live in the bucket, never here or in state
 * payloads. Records are also filed under their run in the `byRun` index.
 */
const VERIFICATION_SK_PREFIX = 'VERIFICATION#';

function verificationPk(runId: string, customizationId: string): string {
  for (const [field, value] of [
    ['runId', runId],
    ['customizationId', customizationId],
  ] as const) {
    if (value.length === 0 || value.includes('#'))
      throw new Error(`History key part '${field}' must be non-empty and free of '#', got '${value}'`);
  }
  return `VERIFY#${runId}#${customizationId}`;
}

const planKey = (runId: string, customizationId: string): TableKey => ({
  pk: verificationPk(runId, customizationId),
  sk: 'PLAN',
});
const recordKey = (runId: string, customizationId: string): TableKey => ({
  pk: verificationPk(runId, customizationId),
  sk: 'RECORD',
});

export class VerificationHistory {
  constructor(private readonly table: Table) {}

  /** Stores the plan; a retried prepare rewrites it whole, which is the same plan. */
  async storePlan(runId: string, customizationId: string, plan: VerificationPlan): Promise<void> {
    const record = parseOrThrow(verificationPlanSchema, plan, 'verification plan');
    await this.table.put(planKey(runId, customizationId), { type: 'verification-plan', ...record });
  }

  async plan(runId: string, customizationId: string): Promise<VerificationPlan | undefined> {
    const item = await this.table.get(planKey(runId, customizationId));
    return item && readRecord(this.table.name, item, verificationPlanSchema, 'verification plan');
  }

  async requirePlan(runId: string, customizationId: string): Promise<VerificationPlan> {
    const plan = await this.plan(runId, customizationId);
    if (!plan)
      throw new MissingHistoryRecordError(
        this.table.name,
        planKey(runId, customizationId),
        'verification plan',
      );
    return plan;
  }

  /**
   * Records the verification once: a retried or late writer (a Catch after a score that was
   * recorded) gets the record already stored, so the first outcome stands.
   */
  async record(record: VerificationRecord): Promise<{ recorded: boolean; record: VerificationRecord }> {
    const valid = parseOrThrow(verificationRecordSchema, record, 'verification record');
    const key = recordKey(valid.runId, valid.customizationId);
    const stored = await this.table.putIfAbsent(key, {
      type: 'verification',
      ...valid,
      gsi1pk: runPk(valid.runId),
      gsi1sk: `${VERIFICATION_SK_PREFIX}${valid.customizationId}`,
    });
    if (stored) return { recorded: true, record: valid };
    const existing = await this.get(valid.runId, valid.customizationId);
    if (!existing) throw new MissingHistoryRecordError(this.table.name, key, 'verification record');
    return { recorded: false, record: existing };
  }

  async get(runId: string, customizationId: string): Promise<VerificationRecord | undefined> {
    const item = await this.table.get(recordKey(runId, customizationId));
    return item && readRecord(this.table.name, item, verificationRecordSchema, 'verification record');
  }

  /**
   * Every verification a run recorded, by model id. Strongly consistent reads of each record, not
   * the `byRun` index: a unit's summary reads them right after they were written.
   */
  async ofRun(runId: string): Promise<VerificationRecord[]> {
    const run = await this.table.get(runKey(runId));
    const modelIds = run ? readRecord(this.table.name, run, unitRunSchema, 'unit run').modelIds : [];
    const records = await Promise.all(modelIds.map((customizationId) => this.get(runId, customizationId)));
    return records.filter((record) => record !== undefined);
  }
}
