import { describe, expect, it } from 'vitest';
import { measurementRunId } from '#core/watch/watch-run.js';

describe('measurementRunId', () => {
  it('begins with the compact time, so a model measurements sort by date whatever took them', () => {
    const watch = measurementRunId('2026-11-30T06:00:00.123Z', 'weekly#cloud');
    const upgrade = measurementRunId('2026-12-01T09:30:00.000Z', 'upgrade-run-7');
    expect(watch).toBe('w20261130T060000Z-weekly-cloud');
    expect(upgrade).toBe('w20261201T093000Z-upgrade-run-7');
    expect([upgrade, watch].sort()).toEqual([watch, upgrade]);
  });

  it('keeps at most 60 characters of the label, and no #, which the table keys use', () => {
    const id = measurementRunId('2026-11-30T06:00:00Z', `${'x'.repeat(70)}#y`);
    expect(id).toBe(`w20261130T060000Z-${'x'.repeat(60)}`);
    expect(id).not.toContain('#');
  });
});
