import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { NoAuthAuthenticator } from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigrationHarness, startMigrationHarness } from './migration-harness.js';

let h: MigrationHarness;
let sdk: SpeechToTextV1;
beforeAll(async () => {
  h = await startMigrationHarness();
  sdk = new SpeechToTextV1({ authenticator: new NoAuthAuthenticator(), serviceUrl: h.simulator.url });
}, 120_000);
afterAll(() => h?.stop());

const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

/** A trained source model with one word, made through IBM's API. */
async function source(name: string, baseModelName: string): Promise<string> {
  const id = (await sdk.createLanguageModel({ name, baseModelName })).result.customization_id;
  await sdk.addWords({ customizationId: id, words: [{ word: 'copay', sounds_like: ['co pay'] }] });
  await sdk.trainLanguageModel({ customizationId: id });
  await settle();
  return id;
}

/** Create requests IBM received since the harness started (the sources were made before). */
const createRequests = () => h.simulator.requestLog().filter((e) => e.operation === 'create_language_model');

describe('migration: lost answers and bad input', () => {
  it('after a lost create answer finds the model it created instead of creating a second, and leaves a rejected word behind', async () => {
    const id = h.world.sources['zurich-claims'] as string;
    await sdk.addWords({ customizationId: id, words: [{ word: 'fee', sounds_like: ['75 dollars'] }] });
    await sdk.trainLanguageModel({ customizationId: id, strict: false });
    await settle();
    h.simulator.addFaults([
      { kind: 'lose-answer', match: { operation: 'create_language_model' }, answer: '502', times: 1 },
    ]);
    const result = await h.migrate(id, 'lost-create-1');
    expect(result.status).toBe('SUCCEEDED');
    const models = (await sdk.listLanguageModels()).result.customizations ?? [];
    expect(models.filter((m) => m.description === `Migrated from ${id}`)).toHaveLength(1);
    expect(createRequests()).toHaveLength(1);
    const record = await h.record(id);
    expect(record?.leftBehind).toContainEqual(
      expect.objectContaining({
        kind: 'word',
        name: 'fee',
        reason: expect.stringMatching(/Numbers are not allowed/),
      }),
    );
    expect(h.changesTo(record?.newModelId as string)).not.toContain('create_language_model');
  });

  it('stops on a corpus IBM cannot analyse, with the reason, and a re-run after the fix resumes on the same model', async () => {
    const id = h.world.sources['support-lines'] as string;
    const file = path.join(h.world.corpusStore, 'support-lines', 'support.txt');
    writeFileSync(file, Buffer.from([0x6d, 0x79, 0x00, 0xff, 0x20, 0x63, 0x6c, 0x61, 0x69, 0x6d]));
    const stopped = await h.migrate(id, 'bad-corpus-1');
    expect(stopped).toMatchObject({ status: 'FAILED', error: 'CorpusNotAnalysed' });
    const failed = await h.record(id);
    expect(failed).toMatchObject({ status: 'failed', error: { name: 'CorpusNotAnalysed' } });
    expect(failed?.error?.reason).toMatch(/could not analyse corpus 'support'.*fix .*support\.txt/);
    // IBM's advice, followed once per run: the corpus was sent again with allow_overwrite.
    const newId = failed?.newModelId as string;
    expect(h.changesTo(newId)).toEqual(['add_words', 'add_corpus', 'add_corpus']);
    writeFileSync(file, 'i need a refund on my copay.\n');
    const resumed = await h.migrate(id, 'bad-corpus-2');
    expect(resumed.status).toBe('SUCCEEDED');
    expect(await h.record(id)).toMatchObject({ status: 'migrated', newModelId: newId });
    expect(h.changesTo(newId)).toEqual([
      'add_words',
      'add_corpus',
      'add_corpus',
      'add_corpus',
      'train_language_model',
    ]);
  });

  it('stops a source with grammars only before creating anything', async () => {
    const id = (await sdk.createLanguageModel({ name: 'ivr-menu', baseModelName: 'en-US_Multimedia' })).result
      .customization_id;
    await sdk.addGrammar({
      customizationId: id,
      grammarName: 'menu',
      grammarFile: Buffer.from('#JSGF V1.0; grammar menu; public <m> = one | two;'),
      contentType: 'application/jsgf',
    });
    const creates = createRequests().length;
    const result = await h.migrate(id, 'grammars-only-1');
    expect(result).toMatchObject({ status: 'FAILED', error: 'NothingToCarry' });
    expect((await h.record(id))?.error?.reason).toMatch(/grammars only/);
    expect(h.simulator.requestLog().filter((e) => e.operation === 'create_language_model')).toHaveLength(
      creates,
    );
  });

  it('stops a source without a test set before creating anything', async () => {
    const id = await source('no-test-set', 'en-US_Telephony');
    const result = await h.migrate(id, 'no-test-set-1');
    expect(result).toMatchObject({ status: 'FAILED', error: 'TestSetMissing' });
    expect((await h.record(id))?.newModelId).toBeNull();
  });

  it('stops when the instance holds 1,024 custom language models', async () => {
    const id = await source('one-too-many', 'en-US_Multimedia');
    const count = ((await sdk.listLanguageModels()).result.customizations ?? []).length;
    h.simulator.seedFleet({
      languageModels: Array.from({ length: 1024 - count }, (_, i) => ({
        name: `filler-${i}`,
        baseModelName: 'en-US',
      })),
    });
    const result = await h.migrate(id, 'over-limit-1');
    expect(result).toMatchObject({ status: 'FAILED', error: 'ModelLimitReached' });
    expect((await h.record(id))?.error?.reason).toMatch(/1024 of IBM's 1024/);
  });
});
