import { parseOrThrow } from '#core/contract/parse.js';
import type { Claim } from '#core/history/history-records.js';
import { type NotedRequest, type StoppedRunNote, stoppedRunNoteSchema } from '#core/stopping/stopped-note.js';
import type { TableKey } from './keys.js';
import { readRecord } from './records.js';
import type { Table } from './table.js';

/**
 * The closer's notes of runs it closed, one partition per instance (`STOPPED#<instance>`, sorted by
 * model then run), so a fleet plan reads every note of an instance in one consistent query and a
 * unit reads its model's notes by key. A note lives until a run settles the attempt it is about.
 */
const stoppedPk = (instanceId: string) => `STOPPED#${part('instanceId', instanceId)}`;

function part(field: string, value: string): string {
  if (value.length === 0 || value.includes('#'))
    throw new Error(`History key part '${field}' must be non-empty and free of '#', got '${value}'`);
  return value;
}

const noteKey = (note: Pick<StoppedRunNote, 'instanceId' | 'customizationId' | 'runId'>): TableKey => ({
  pk: stoppedPk(note.instanceId),
  sk: `${part('customizationId', note.customizationId)}#${part('runId', note.runId)}`,
});

export class StoppedRunNotes {
  constructor(private readonly table: Table) {}

  /** Leaves a note; a retried closer finds its first note and keeps it. */
  async leave(note: Omit<StoppedRunNote, 'type'>): Promise<void> {
    const record = parseOrThrow(
      stoppedRunNoteSchema,
      { ...note, type: 'stopped-run-note' },
      'stopped run note',
    );
    await this.table.putIfAbsent(noteKey(record), record);
  }

  /** Every note on an instance's models, read consistently: the planner decides from them. */
  async onInstance(instanceId: string): Promise<StoppedRunNote[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': stoppedPk(instanceId) },
      ConsistentRead: true,
    });
    return items.map((item) => readRecord(this.table.name, item, stoppedRunNoteSchema, 'stopped run note'));
  }

  /** The note the closer left on one model for one run, if any. */
  async get(instanceId: string, customizationId: string, runId: string): Promise<StoppedRunNote | undefined> {
    const item = await this.table.get(noteKey({ instanceId, customizationId, runId }));
    return item && readRecord(this.table.name, item, stoppedRunNoteSchema, 'stopped run note');
  }

  /** Removes a note once its attempt is settled; one already removed is gone all the same. */
  async remove(note: Pick<StoppedRunNote, 'instanceId' | 'customizationId' | 'runId'>): Promise<void> {
    await this.table.deleteIf(noteKey(note), { ConditionExpression: 'attribute_exists(pk)' });
  }
}

/** The requests a run noted on its claims, each with its step (the first part of the claim's sort key). */
export function requestsNotedOn(claims: readonly (Claim & { readonly key: TableKey })[]): NotedRequest[] {
  return claims.flatMap(({ key, requestedAt, updatedBefore }) =>
    requestedAt
      ? [{ step: key.sk.split('#')[0] ?? '', at: requestedAt, updatedBefore: updatedBefore ?? null }]
      : [],
  );
}
