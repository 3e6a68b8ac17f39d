import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NoAuthAuthenticator } from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyCommand } from '#cli/verify.js';
import { verificationRecordSchema } from '#core/verification/index.js';
import {
  audioSha256,
  generateWav,
  ManualClock,
  type RunningSimulator,
  startSimulator,
} from '#simulator/index.js';

const LM = '81818181-8181-4181-8181-818181818181';
const AM = '91919191-9191-4191-8191-919191919191';
const BASE = 'en-US_BroadbandModel';
const OLD = `${BASE}.v2018-07-31`;
const NEW = `${BASE}.v2020-01-16`;
const SENTENCES = ['please check my claim status', 'the claim was sent on monday', 'thank you goodbye'];

let simulator: RunningSimulator;
let clock: ManualClock;
let testSet: string;

beforeAll(async () => {
  clock = new ManualClock(Date.UTC(2026, 0, 1));
  simulator = await startSimulator({ clock, seed: 5 });
  testSet = mkdtempSync(path.join(tmpdir(), 'verify-command-'));
  mkdirSync(path.join(testSet, 'audio'));
  const lines = SENTENCES.map((reference, index) => {
    writeFileSync(path.join(testSet, 'audio', `${index}.wav`), wav(index));
    return JSON.stringify({ audio: `audio/${index}.wav`, reference });
  });
  writeFileSync(path.join(testSet, 'manifest.jsonl'), lines.join('\n'));
}, 60_000);

afterAll(async () => {
  await simulator?.stop();
  rmSync(testSet, { recursive: true, force: true });
});

const wav = (index: number) => generateWav({ seconds: 3, seed: 40 + index });

/** A language model and an acoustic model trained with it, both upgraded from OLD to NEW. */
beforeEach(async () => {
  simulator.reset();
  simulator.seedFleet({
    languageModels: [
      { customizationId: LM, name: 'claims', baseModelName: BASE, version: 'v2018-07-31', words: 5 },
    ],
    acousticModels: [
      { customizationId: AM, name: 'mobile', baseModelName: BASE, version: 'v2018-07-31', audioMinutes: 1 },
    ],
  });
  simulator.addRecognitionReferences(
    SENTENCES.map((text, index) => ({ sha256: audioSha256(wav(index)), text })),
  );
  const stt = new SpeechToTextV1({ authenticator: new NoAuthAuthenticator(), serviceUrl: simulator.url });
  await stt.upgradeLanguageModel({ customizationId: LM });
  clock.advance(3_600_000);
  await stt.upgradeAcousticModel({ customizationId: AM, customLanguageModelId: LM });
  clock.advance(3_600_000);
});

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await verifyCommand(['--service-url', simulator.url, '--auth', 'none', ...args], {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const recognitions = () => simulator.requestLog().filter((entry) => entry.operation === 'recognize');

describe('stt-upgrader verify', () => {
  it("compares the model's two newest versions by default and prints the record as JSON", async () => {
    const result = await run('--model', LM, '--test-set', testSet, '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const record = verificationRecordSchema.parse(JSON.parse(result.stdout));
    expect(record).toMatchObject({
      outcome: 'passed',
      kind: 'language',
      utterances: 3,
      recognitionRequests: 6,
      old: { version: OLD, wer: 0, referenceWords: 14 },
      new: { version: NEW, wer: 0 },
    });
    expect(record.audioMinutes).toBeCloseTo(0.15, 9);
    expect(
      recognitions()
        .map((entry) => entry.query.base_model_version)
        .sort(),
    ).toEqual([OLD, OLD, OLD, NEW, NEW, NEW].sort());
  }, 60_000);

  it('reports a regression with both WERs, the words lost and the version to pin, and exits 3', async () => {
    simulator.addRecognitionProfiles([{ baseModel: BASE, version: 'v2020-01-16', drops: ['claim'] }]);
    const result = await run('--model', LM, '--acoustic-model', AM, '--test-set', testSet);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^old\s+en-US_BroadbandModel\.v2018-07-31\s+0\.00%/mu);
    expect(result.stdout).toMatch(/^new\s+en-US_BroadbandModel\.v2020-01-16\s+14\.29%\s+0\s+2\s+0\s+14/mu);
    expect(result.stdout).toContain('outcome: regressed; WER change +14.29 points, gate 1.00%');
    expect(result.stdout).toContain('words lost: claim (2)');
    expect(result.stdout).toContain(`base_model_version=${OLD}`);
    for (const { query } of recognitions()) {
      expect(query).toMatchObject({ acoustic_customization_id: AM, language_customization_id: LM });
    }
    // The utterances that changed, the reference and both transcripts aligned word by word.
    expect(result.stdout).toContain('changed utterances: 2 of 3, most worsened first');
    expect(result.stdout).toMatch(
      /#1 {2}errors 0 -> 1\n {4}REF {2}please check my claim status\n {4}OLD {2}please check my claim status\n {4}NEW {2}please check my \*{5} status/u,
    );
  }, 60_000);

  it('lists the changed utterances in --json, and takes models by name', async () => {
    simulator.addRecognitionProfiles([{ baseModel: BASE, version: 'v2020-01-16', drops: ['claim'] }]);
    const result = await run(
      '--model',
      'claims',
      '--acoustic-model',
      'mobile',
      '--test-set',
      testSet,
      '--json',
    );
    expect(result.code).toBe(3);
    const { changedUtterances } = JSON.parse(result.stdout) as {
      changedUtterances: {
        utterance: number;
        reference: string;
        newHypothesis: string;
        aligned: unknown[];
      }[];
    };
    expect(changedUtterances.map((c) => c.utterance)).toEqual([1, 2]);
    expect(changedUtterances[1]).toMatchObject({
      reference: SENTENCES[1],
      newHypothesis: 'the was sent on monday',
    });
    expect(changedUtterances[1]?.aligned).toContainEqual({ reference: 'claim', old: 'claim', new: '' });
    const unknown = await run('--model', 'nobody', '--test-set', testSet);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no model named 'nobody' on the instance");
  }, 60_000);

  it('takes --old and --new as bare versions and refuses one the model does not have', async () => {
    const passed = await run(
      '--model',
      AM,
      '--test-set',
      testSet,
      '--old',
      'v2018-07-31',
      '--new',
      'v2020-01-16',
      '--json',
    );
    expect(JSON.parse(passed.stdout)).toMatchObject({ kind: 'acoustic', outcome: 'passed' });
    const missing = await run('--model', LM, '--test-set', testSet, '--old', 'v2017-01-01');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `model ${LM} has no version ${BASE}.v2017-01-01 (it has ${OLD}, ${NEW})`,
    );
  }, 60_000);

  it('names a missing flag and a bad test set before recognising anything', async () => {
    const usage = await run('--test-set', testSet);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--model: is required');
    const broken = await run('--model', LM, '--test-set', path.join(testSet, 'audio'));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('manifest.jsonl: missing');
    expect(recognitions()).toEqual([]);
  }, 60_000);
});
