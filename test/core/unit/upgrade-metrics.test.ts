import { describe, expect, it } from 'vitest';
import { skipReasonText } from '#core/unit/upgrade-decision.js';
import { type AttemptFigures, skipReasonKey, unitMetricPoints } from '#core/unit/upgrade-metrics.js';

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
      attempt({ outcome: 'skipped', steps: [], polls: 0, reason: skipReasonText['already-up-to-date'] }),
      attempt({
        outcome: 'skipped',
        steps: [],
        polls: 0,
        reason: `${skipReasonText['claimed-by-another-run']} (run-7)`,
      }),
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

  it('names unknown skip texts "other"', () => {
    expect(skipReasonKey('hand-written note')).toBe('other');
    expect(skipReasonKey(undefined)).toBe('other');
  });
});
