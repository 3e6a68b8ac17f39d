import { describe, expect, it } from 'vitest';
import { type Skip, skipOf } from '#core/unit/upgrade-decision.js';
import { type AttemptFigures, skipKeyOf, unitMetricPoints } from '#core/unit/upgrade-metrics.js';

const skipped = ({ key, text }: Skip): AttemptFigures =>
  attempt({ outcome: 'skipped', steps: [], polls: 0, reason: text, skipKey: key });

const attempt = (overrides: Partial<AttemptFigures>): AttemptFigures => ({
  outcome: 'upgraded',
  steps: ['upgrade'],
  polls: 4,
  durationSeconds: 600,
  ...overrides,
});

describe('unit metrics from upgrade attempts', () => {
  it('counts a finished upgrade as started and succeeded, with its polls and duration', () => {
    expect(unitMetricPoints([attempt({})])).toEqual([
      { name: 'UpgradesStarted', unit: 'Count', value: 1 },
      { name: 'PollsPerUpgrade', unit: 'Count', value: 4 },
      { name: 'UpgradesSucceeded', unit: 'Count', value: 1 },
      { name: 'UpgradeDuration', unit: 'Seconds', value: 600 },
    ]);
  });

  it('counts skips by reason key, without starting an upgrade', () => {
    const points = unitMetricPoints([
      skipped(skipOf('already-up-to-date')),
      skipped(skipOf('claimed-by-another-run', 'run-7')),
    ]);
    expect(points).toEqual([
      {
        name: 'ModelsSkipped',
        unit: 'Count',
        value: 1,
        dimension: { name: 'Reason', value: 'already-up-to-date' },
      },
      {
        name: 'ModelsSkipped',
        unit: 'Count',
        value: 1,
        dimension: { name: 'Reason', value: 'claimed-by-another-run' },
      },
    ]);
  });

  it('counts failures by error name; an attempt left in progress is Unfinished', () => {
    const points = unitMetricPoints([
      attempt({ outcome: 'failed', error: 'UpgradeTimeout', polls: 30 }),
      attempt({ outcome: 'in-progress', steps: [], polls: 0 }),
    ]);
    expect(points.filter((p) => p.name === 'UpgradesFailed').map((p) => p.dimension?.value)).toEqual([
      'UpgradeTimeout',
      'Unfinished',
    ]);
    expect(points.filter((p) => p.name === 'UpgradesStarted')).toHaveLength(1);
  });

  it('counts a skip by its key whatever its text says', () => {
    const invalid = {
      key: 'invalid-resources',
      text: "not retrained: invalid corpus 'faq' (bad encoding)",
    } as const;
    expect(unitMetricPoints([skipped(invalid)])[0]?.dimension).toEqual({
      name: 'Reason',
      value: 'invalid-resources',
    });
  });

  it.each([
    { record: { skipKey: 'no-data' }, key: 'no-data' },
    { record: {}, key: 'unkeyed' },
  ] as const)('a record with $record is counted as $key', ({ record, key }) => {
    expect(skipKeyOf(record)).toBe(key);
  });
});
