import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DirectorySettingsObjects, SettingsStore } from '#adapters/settings/index.js';
import { instanceSettingsSchema } from '#core/settings/instance-settings.js';
import { settingsDirectoryUnder } from '#local/data-directory.js';
import { cli } from './in-process.js';

const AM1 = '0b000000-0000-4000-8000-000000000001';
const AM2 = '0b000000-0000-4000-8000-000000000002';
const LM1 = '0a000000-0000-4000-8000-000000000001';
const LM2 = '0a000000-0000-4000-8000-000000000002';
const settings = instanceSettingsSchema.parse({});

let dataDir: string;
const file = (name: string, text: string) => {
  const where = path.join(dataDir, name);
  writeFileSync(where, text);
  return where;
};

/** A data directory as local mode leaves it: the deployed settings of two instances, one pairing declared. */
beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'pairings-cli-'));
  await new SettingsStore(new DirectorySettingsObjects(settingsDirectoryUnder(dataDir))).publishDeployed({
    instances: {
      prod: { secretId: 'stt/prod', settings, pairings: [{ acousticModelId: AM1, languageModelId: LM1 }] },
      lab: { secretId: 'stt/lab', settings, pairings: [] },
    },
  });
});

describe('stt-upgrader pairings', () => {
  it('imports a CSV file, lists what the planner will use, and exports it back', async () => {
    const csv = file(
      'pairings.csv',
      `instanceId,acousticModelId,languageModelId\nprod,${AM1},${LM2}\nlab,${AM2},${LM1}\n`,
    );
    const imported = await cli(['pairings', 'import', csv, '--data-dir', dataDir]);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toContain('imported 2 pairing(s) for 2 instance(s)');

    const listed = await cli(['pairings', 'list', '--data-dir', dataDir]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').slice(0, 3)).toEqual([
      'INSTANCE  ACOUSTIC MODEL                        LANGUAGE MODEL                        SOURCE',
      `prod      ${AM1}  ${LM2}  operator`,
      `lab       ${AM2}  ${LM1}  operator`,
    ]);

    const exported = await cli([
      'pairings',
      'export',
      '--format',
      'json',
      '--instance',
      'lab',
      '--data-dir',
      dataDir,
    ]);
    expect(JSON.parse(exported.stdout)).toEqual({
      pairings: [{ instanceId: 'lab', acousticModelId: AM2, languageModelId: LM1 }],
    });
    const json = await cli(['pairings', 'list', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(json.stdout).pairings).toHaveLength(2);
  });

  it('refuses a file with a bad row, naming its line and field, and writes nothing', async () => {
    const csv = file(
      'bad.csv',
      `instanceId,acousticModelId,languageModelId\nprod,${AM2},${LM2}\nstaging,${AM1},${LM1}\nprod,${AM1},LM\n`,
    );
    const result = await cli(['pairings', 'import', csv, '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("line 3: instanceId: no STT instance 'staging' is configured");
    expect(result.stderr).toContain('line 4: languageModelId: must be a customization id (a UUID)');
    expect(existsSync(path.join(settingsDirectoryUnder(dataDir), 'operator', 'pairings.json'))).toBe(false);
  });

  it('replaces the imported list of each instance the file names with --replace', async () => {
    await cli([
      'pairings',
      'import',
      file('a.csv', `instanceId,acousticModelId,languageModelId\nprod,${AM2},${LM2}\n`),
      '--data-dir',
      dataDir,
    ]);
    await cli([
      'pairings',
      'import',
      file('b.json', JSON.stringify([{ instanceId: 'prod', acousticModelId: AM1, languageModelId: LM2 }])),
      '--replace',
      '--data-dir',
      dataDir,
    ]);
    const exported = await cli(['pairings', 'export', '--data-dir', dataDir]);
    expect(exported.stdout).toBe(`instanceId,acousticModelId,languageModelId\nprod,${AM1},${LM2}\n`);
    const stored = JSON.parse(
      readFileSync(path.join(settingsDirectoryUnder(dataDir), 'operator', 'pairings.json'), 'utf8'),
    );
    expect(stored).toEqual({ instances: { prod: [{ acousticModelId: AM1, languageModelId: LM2 }] } });
  });

  it('names what is missing: a settings store nobody deployed, a bucket for --aws, a file format', async () => {
    const empty = await cli(['pairings', 'list', '--data-dir', mkdtempSync(path.join(tmpdir(), 'none-'))]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/deployed\/settings\.json cannot be used:\n {2}missing: deploy the stack/);
    const aws = await cli(['pairings', 'list', '--aws']);
    expect(aws.code).toBe(2);
    expect(aws.stderr).toContain('--settings-bucket: is required with --aws');
    const unnamed = await cli(['pairings', 'import', file('pairings.txt', ''), '--data-dir', dataDir]);
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toContain('name it .csv or .json, or pass --format');
  });
});
