import { describe, expect, it } from 'vitest';
import type { FleetRun } from '#core/fleet/fleet-records.js';
import type { UnitRun } from '#core/history/history-records.js';
import {
  type ListedRun,
  listedRunId,
  runsOfTrigger,
  selectRuns,
  sinceInstant,
} from '#core/history/run-list.js';

const unit = (runId: string, recordedAt: string, trigger = { type: 'manual', id: 'ops' }): ListedRun => ({
  kind: 'unit',
  run: { runId, trigger } as UnitRun,
  recordedAt,
});
const fleet = (
  fleetRunId: string,
  recordedAt: string,
  trigger = { type: 'release', id: 'ca43' },
): ListedRun => ({
  kind: 'fleet',
  run: { fleetRunId, trigger } as FleetRun,
  recordedAt,
});

const runs = [
  unit('u-1', '2026-11-24T10:00:00.000Z'),
  fleet('release-ca43', '2026-11-24T12:00:00.000Z'),
  unit('u-2', '2026-11-24T12:00:00.000Z', { type: 'release', id: 'ca43' }),
  unit('u-0', '2026-11-23T09:00:00.000Z'),
];

describe('the history list', () => {
  it('names a fleet run by its name and a unit run by its id', () => {
    expect(runs.map(listedRunId)).toEqual(['u-1', 'release-ca43', 'u-2', 'u-0']);
  });

  it.each([
    { limit: 10, since: undefined, ids: ['release-ca43', 'u-2', 'u-1', 'u-0'], cut: 0 },
    { limit: 2, since: undefined, ids: ['release-ca43', 'u-2'], cut: 2 },
    { limit: 10, since: '2026-11-24T00:00:00.000Z', ids: ['release-ca43', 'u-2', 'u-1'], cut: 0 },
    { limit: 1, since: '2026-11-24T11:00:00.000Z', ids: ['release-ca43'], cut: 1 },
  ])('shows at most $limit since $since, newest first, and counts the rest', ({ limit, since, ids, cut }) => {
    const selection = selectRuns(runs, { limit, ...(since && { since }) });
    expect(selection.runs.map(listedRunId)).toEqual(ids);
    expect(selection.cut).toBe(cut);
  });

  it.each([
    { trigger: 'ca43', ids: ['release-ca43', 'u-2'] },
    { trigger: 'release:ca43', ids: ['release-ca43', 'u-2'] },
    { trigger: 'manual:ops', ids: ['u-1', 'u-0'] },
    { trigger: 'schedule:ca43', ids: [] },
  ])('finds the runs trigger $trigger started', ({ trigger, ids }) => {
    expect(runsOfTrigger(runs, trigger).map(listedRunId)).toEqual(ids);
  });
});

describe('--since', () => {
  const now = new Date('2026-11-24T12:00:00.000Z');
  it.each([
    ['90m', '2026-11-24T10:30:00.000Z'],
    ['12h', '2026-11-24T00:00:00.000Z'],
    ['7d', '2026-11-17T12:00:00.000Z'],
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
    ['2026-11-20T08:15:00Z', '2026-11-20T08:15:00.000Z'],
    ['yesterday', undefined],
    ['2026-13-45', undefined],
    ['5w', undefined],
  ])('reads %s as %s', (text, instant) => {
    expect(sinceInstant(text, now)).toBe(instant);
  });
});
