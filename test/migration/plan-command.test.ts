import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NoAuthAuthenticator } from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '#cli/main.js';
import type { MigrationPlan } from '#core/migration/index.js';
import { type MigrationWorld, seedMigrationWorld } from '#demo/migration-world.js';
import { ManualClock, type RunningSimulator, startSimulator } from '#simulator/index.js';

let simulator: RunningSimulator;
let dir: string;
let world: MigrationWorld;
let grammarsOnly: string;

beforeAll(async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  simulator = await startSimulator({ clock, seed: 3 });
  dir = mkdtempSync(path.join(tmpdir(), 'migrate-plan-'));
  world = await seedMigrationWorld(
    simulator,
    { corpusStore: path.join(dir, 'corpora'), testSets: path.join(dir, 'test-sets') },
    async () => clock.advance(3_600_000),
  );
  const sdk = new SpeechToTextV1({ authenticator: new NoAuthAuthenticator(), serviceUrl: simulator.url });
  const created = await sdk.createLanguageModel({ name: 'ivr-menu', baseModelName: 'en-US_NarrowbandModel' });
  grammarsOnly = created.result.customization_id;
  await sdk.addGrammar({
    customizationId: grammarsOnly,
    grammarName: 'menu',
    grammarFile: Buffer.from('#JSGF V1.0; grammar menu; public <m> = one | two;'),
    contentType: 'application/jsgf',
  });
  // The store also holds a copy the source no longer lists; a corpus IBM lists but the store lacks is named.
  mkdirSync(path.join(world.corpusStore, 'zurich-claims'), { recursive: true });
  writeFileSync(path.join(world.corpusStore, 'zurich-claims', 'letters.txt'), 'zurich letters\n');
  rmSync(path.join(world.corpusStore, 'support-lines', 'support.txt'));
}, 60_000);

afterAll(async () => {
  await simulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['migrate', 'plan', ...args], {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  });
  return { code, out: out.join(''), err: err.join('') };
}

const flags = () => [
  '--service-url',
  simulator.url,
  '--auth',
  'none',
  '--corpus-store',
  world.corpusStore,
  '--test-sets',
  world.testSets,
  ...Object.entries(world.testSetByModel).flatMap(([id, name]) => ['--test-set', `${id}=${name}`]),
];

describe('stt-upgrader migrate plan', () => {
  it('lists per model the LSM, the words and corpora carried, what is left behind, the room and the cost', async () => {
    simulator.clearRequestLog();
    const { code, out } = await run(...flags(), '--json');
    expect(code).toBe(0);
    const plan = JSON.parse(out) as MigrationPlan;
    expect([plan.languageModels, plan.roomBefore, plan.roomAfter]).toEqual([3, 1021, 1019]);
    const byName = Object.fromEntries(plan.models.map((m) => [m.name, m]));
    expect(byName['zurich-claims']).toMatchObject({
      target: 'en-US',
      action: 'migrate',
      words: [{ word: 'zurich', soundsLike: ['zoo rick'], displayAs: 'Zurich' }],
      corpora: [{ name: 'claims' }, { name: 'letters' }],
      newModel: { name: 'zurich-claims', description: `Migrated from ${world.sources['zurich-claims']}` },
      testSet: 'zurich-claims',
    });
    expect(byName['support-lines']?.corpora).toEqual([]);
    expect(byName['support-lines']?.leftBehind).toEqual([
      expect.objectContaining({
        kind: 'corpus',
        name: 'support',
        reason: expect.stringMatching(/not in the corpus store/),
      }),
    ]);
    expect(byName['ivr-menu']).toMatchObject({ action: 'blocked', blocked: { error: 'NothingToCarry' } });
    expect(byName['zurich-claims']?.cost.recognitionMinutes).toBeCloseTo((2 * 4 * 2) / 60, 3);
    // Nothing was created.
    expect(simulator.requestLog().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('prints an aligned table with the totals and what is not carried', async () => {
    const { code, out } = await run(...flags(), '--target', 'en-US_NarrowbandModel=en-GB');
    expect(code).toBe(0);
    expect(out).toMatch(/^MODEL\s+BASE MODEL\s+LSM\s+ACTION/m);
    expect(out).toMatch(/ivr-menu: blocked, NothingToCarry: nothing to carry: it has grammars only/);
    expect(out).toMatch(/ivr-menu: en-US_NarrowbandModel -> en-GB \(deploy config override\)/);
    expect(out).toMatch(/support-lines: not carried, corpus support: not in the corpus store/);
    expect(out).toMatch(/2 to create, 0 to resume, 1 blocked/);
    expect(out).toMatch(/Custom language models: 3 of 1024; room for 1021 now, 1019 after/);
  });

  it('names a bad flag', async () => {
    const { code, err } = await run(...flags(), '--target', 'nonsense');
    expect(code).toBe(2);
    expect(err).toMatch(/--target/);
  });
});
