import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigrationHarness, startMigrationHarness } from './migration-harness.js';

let h: MigrationHarness;
beforeAll(async () => {
  h = await startMigrationHarness();
}, 120_000);
afterAll(() => h?.stop());

describe('the migration state machine', () => {
  it('re-creates a model on en-US, carries words and corpora, and records a better verdict', async () => {
    const source = h.world.sources['support-lines'] as string;
    const result = await h.migrate(source, 'migrate-support-1');
    expect(result.status).toBe('SUCCEEDED');
    const record = await h.record(source);
    expect(record).toMatchObject({
      status: 'migrated',
      target: 'en-US',
      newModelName: 'support-lines',
      comparison: { verdict: 'better', wordsLost: [] },
    });
    const newId = record?.newModelId as string;
    const model = h.simulator.model(newId);
    expect(model).toMatchObject({
      base_model_name: 'en-US',
      description: `Migrated from ${source}`,
      status: 'available',
    });
    expect(h.changesTo(newId)).toEqual(['add_words', 'add_corpus', 'train_language_model']);
    expect(record?.comparison?.source.wer).toBeGreaterThan(record?.comparison?.target.wer ?? 1);
    expect(record?.comparison?.wordsGained.map((w) => w.word)).toEqual(
      expect.arrayContaining(['balance', 'refund']),
    );
  });

  it('records a worse verdict with the words lost, and never changes the source', async () => {
    const source = h.world.sources['zurich-claims'] as string;
    const result = await h.migrate(source, 'migrate-zurich-1');
    expect(result.status).toBe('SUCCEEDED');
    const record = await h.record(source);
    expect(record?.comparison).toMatchObject({ verdict: 'worse', wordsLost: [{ word: 'zurich', count: 4 }] });
    for (const id of Object.values(h.world.sources)) expect(h.changesTo(id)).toEqual([]);
  });

  it('a re-run of a finished migration creates nothing and finds the same model', async () => {
    const source = h.world.sources['zurich-claims'] as string;
    const before = (await h.record(source))?.newModelId;
    const models = h.simulator.requestLog().filter((e) => e.operation === 'create_language_model').length;
    const result = await h.migrate(source, 'migrate-zurich-2');
    expect(result.status).toBe('SUCCEEDED');
    expect((await h.record(source))?.newModelId).toBe(before);
    expect(h.simulator.requestLog().filter((e) => e.operation === 'create_language_model')).toHaveLength(
      models,
    );
  });
});
