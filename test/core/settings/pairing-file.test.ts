import { describe, expect, it } from 'vitest';
import { instanceSettingsSchema } from '#core/settings/instance-settings.js';
import { formatPairingFile, importPairings, parsePairingFile } from '#core/settings/pairing-file.js';
import { SettingsSnapshot } from '#core/settings/settings-documents.js';

const AM1 = '0b000000-0000-4000-8000-000000000001';
const AM2 = '0b000000-0000-4000-8000-000000000002';
const LM1 = '0a000000-0000-4000-8000-000000000001';
const LM2 = '0a000000-0000-4000-8000-000000000002';
const known = ['prod', 'lab'];

const parse = (text: string, format: 'csv' | 'json') =>
  parsePairingFile(text, format, 'Pairings file f', known);
const issuesOf = (text: string, format: 'csv' | 'json') => {
  try {
    parse(text, format);
  } catch (error) {
    return (error as { name: string; issues: string[] }).issues;
  }
  throw new Error('the file was accepted');
};

describe('a CSV pairings file', () => {
  it('gives each row with its line, in any column order, spreadsheet quotes and blank lines allowed', () => {
    const rows = parse(
      `languageModelId,instanceId,acousticModelId\r\n${LM1},prod,${AM1}\r\n\r\n"${LM2}","lab","${AM2}"\r\n`,
      'csv',
    );
    expect(rows).toEqual([
      { line: 2, row: { instanceId: 'prod', acousticModelId: AM1, languageModelId: LM1 } },
      { line: 4, row: { instanceId: 'lab', acousticModelId: AM2, languageModelId: LM2 } },
    ]);
  });

  it('names every bad row by line and field, and refuses the whole file', () => {
    const text = [
      'instanceId,acousticModelId,languageModelId',
      `prod,${AM1},${LM1}`,
      `prod,not-a-uuid,${LM1}`,
      `nowhere,${AM2},${LM2}`,
      `prod,${AM1},${LM2}`,
      `prod,${AM2}`,
      `lab,${AM2},${AM2}`,
    ].join('\n');
    expect(issuesOf(text, 'csv')).toEqual([
      'line 3: acousticModelId: must be a customization id (a UUID)',
      "line 4: instanceId: no STT instance 'nowhere' is configured",
      `line 5: acousticModelId: ${AM1} is paired already on line 2`,
      'line 6: has 2 fields, the header 3',
      'line 7: languageModelId: is the acoustic model itself',
    ]);
  });

  it('names a wrong header', () => {
    expect(issuesOf(`instance,acousticModelId,languageModelId\nprod,${AM1},${LM1}\n`, 'csv')).toEqual([
      'line 1: the header must be instanceId,acousticModelId,languageModelId; missing instanceId; unknown instance',
    ]);
    expect(issuesOf('\n\n', 'csv')).toEqual(['the file is empty: it needs a header line and rows']);
  });
});

describe('a JSON pairings file', () => {
  it('takes { "pairings": [...] } and a bare array', () => {
    const row = { instanceId: 'prod', acousticModelId: AM1, languageModelId: LM1 };
    expect(parse(JSON.stringify({ pairings: [row] }), 'json')).toEqual([{ line: 1, row }]);
    expect(parse(JSON.stringify([row]), 'json')).toEqual([{ line: 1, row }]);
  });

  it('names a bad row by the line it starts on and its field', () => {
    const text = [
      '{',
      '  "pairings": [',
      `    { "instanceId": "prod", "acousticModelId": "${AM1}", "languageModelId": "${LM1}" },`,
      '    {',
      '      "instanceId": "prod",',
      `      "acousticModelId": "${AM2}"`,
      '    },',
      `    { "instanceId": "lab", "acousticModelId": "${AM2}", "languageModelId": "${LM2}", "note": "x" }`,
      '  ]',
      '}',
    ].join('\n');
    expect(issuesOf(text, 'json')).toEqual([
      'line 4: languageModelId: Invalid input: expected string, received undefined',
      'line 8: unknown field note',
    ]);
  });

  it('names text that is not a pairings file', () => {
    expect(issuesOf('{"pairing": []}', 'json')).toEqual([
      'must be { "pairings": [...] } or an array of pairings',
    ]);
    expect(issuesOf('{', 'json')[0]).toMatch(/^not JSON: /);
  });
});

describe('export and import', () => {
  const snapshot = new SettingsSnapshot(
    {
      instances: {
        prod: {
          secretId: 'stt/prod',
          settings: instanceSettingsSchema.parse({}),
          pairings: [
            { acousticModelId: AM1, languageModelId: LM1 },
            { acousticModelId: AM2, languageModelId: LM1 },
          ],
        },
      },
    },
    // The operator re-paired AM2, and paired a model of an instance no longer configured.
    {
      instances: {
        prod: [{ acousticModelId: AM2, languageModelId: LM2 }],
        gone: [{ acousticModelId: AM1, languageModelId: LM1 }],
      },
    },
  );

  it('merges: an imported pairing overrides the declared one for its acoustic model', () => {
    expect(snapshot.pairings('prod')).toEqual([
      { instanceId: 'prod', acousticModelId: AM1, languageModelId: LM1, source: 'deployed' },
      { instanceId: 'prod', acousticModelId: AM2, languageModelId: LM2, source: 'operator' },
    ]);
    expect(snapshot.instanceIds).toEqual(['prod']);
  });

  it.each(['csv', 'json'] as const)('writes %s that imports back to the same pairings', (format) => {
    const text = formatPairingFile(snapshot.allPairings(), format);
    const rows = parsePairingFile(text, format, 'export', ['prod']).map((located) => located.row);
    expect(rows).toEqual(
      snapshot.allPairings().map(({ instanceId, acousticModelId, languageModelId }) => ({
        instanceId,
        acousticModelId,
        languageModelId,
      })),
    );
  });

  it('adds and overrides by acoustic model; --replace makes the file the whole list of each instance it names', () => {
    const current = {
      instances: {
        prod: [{ acousticModelId: AM1, languageModelId: LM1 }],
        lab: [{ acousticModelId: AM1, languageModelId: LM2 }],
      },
    };
    const rows = [{ instanceId: 'prod', acousticModelId: AM2, languageModelId: LM2 }];
    expect(importPairings(current, rows, { replace: false }).instances.prod).toEqual([
      { acousticModelId: AM1, languageModelId: LM1 },
      { acousticModelId: AM2, languageModelId: LM2 },
    ]);
    const replaced = importPairings(current, rows, { replace: true });
    expect(replaced.instances.prod).toEqual([{ acousticModelId: AM2, languageModelId: LM2 }]);
    expect(replaced.instances.lab).toEqual(current.instances.lab);
  });
});
