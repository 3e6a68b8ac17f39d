import { parseOrThrow } from '#core/contract/parse.js';
import { type Claim, claimSchema } from '#core/history/history-records.js';
import type { HistoryClaims } from '#core/history/ports.js';
import type { ClaimResult, ClaimTarget, EarlierRequest } from '#core/unit/steps/step-claim.js';
import { MissingHistoryRecordError } from './errors.js';
import { claimKey, claimPk, type TableKey } from './keys.js';
import { readRecord } from './records.js';
import type { Table } from './table.js';

/** A claim lost to a delete between our failed put and our read is retried this many times. */
const CLAIM_ATTEMPTS = 3;

/**
 * Claims in the history table, one partition per model. Every change is one conditional write on
 * the claim's `runId`, so two runs never both hold a claim and a run only ever frees its own.
 */
export class ClaimStore implements HistoryClaims {
  constructor(private readonly table: Table) {}

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
}
