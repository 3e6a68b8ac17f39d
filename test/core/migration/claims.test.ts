import { describe, expect, it } from 'vitest';
import { blockingClaim, type HeldClaim, migrationClaimTarget } from '#core/migration/index.js';

const now = new Date('2026-12-03T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000).toISOString();
const upgrade = (over: Partial<HeldClaim> = {}): HeldClaim => ({
  runId: 'upgrade-1',
  upgradeStep: 'upgrade',
  claimedAt: hoursAgo(1),
  holderRunning: true,
  ...over,
});
const migration = (over: Partial<HeldClaim> = {}): HeldClaim => ({
  runId: 'migration-1',
  upgradeStep: migrationClaimTarget('a', 'm', 'en-US').upgradeStep,
  claimedAt: hoursAgo(1),
  holderRunning: true,
  ...over,
});

describe('blockingClaim', () => {
  it.each([
    ['a migration, by a running upgrade', 'migration', [upgrade()], 'upgrade-1'],
    [
      'a migration, not by an upgrade that ended',
      'migration',
      [upgrade({ holderRunning: false })],
      undefined,
    ],
    [
      'a migration, not by an upgrade past its lease',
      'migration',
      [upgrade({ claimedAt: hoursAgo(24 * 16) })],
      undefined,
    ],
    [
      'a migration, not by an earlier migration of the model (it takes over)',
      'migration',
      [migration({ runId: 'migration-0' })],
      undefined,
    ],
    ['an upgrade, by a running migration', 'upgrade', [migration()], 'migration-1'],
    [
      'an upgrade, not by a migration that ended',
      'upgrade',
      [migration({ holderRunning: false })],
      undefined,
    ],
    [
      'an upgrade, not by a migration past its 8-day lease',
      'upgrade',
      [migration({ claimedAt: hoursAgo(24 * 8 + 1) })],
      undefined,
    ],
    [
      'an upgrade, not by another upgrade (their own keys keep them apart)',
      'upgrade',
      [upgrade({ runId: 'upgrade-0' })],
      undefined,
    ],
    ['a run, never by its own claim', 'migration', [upgrade({ runId: 'me' })], undefined],
  ] as const)('blocks %s', (_, kind, claims, blocker) => {
    expect(blockingClaim(claims, { runId: 'me', kind }, now)?.runId).toBe(blocker);
  });

  it('claims the source in the upgrades own partition, by target', () => {
    expect(migrationClaimTarget('a', 'm', 'en-US')).toEqual({
      instanceId: 'a',
      customizationId: 'm',
      upgradeStep: 'migrate',
      targetKey: 'to:en-US',
    });
  });
});
