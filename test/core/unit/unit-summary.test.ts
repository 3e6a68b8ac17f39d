import { describe, expect, it } from 'vitest';
import { modelsNotReached, summarizeUnit } from '#core/unit/unit-summary.js';
import { acousticModelId, acousticRef, languageModelId, startedAt } from './steps/unit-step-fixtures.js';

describe('summarizeUnit', () => {
  it.each([
    [
      'every model upgraded or skipped',
      [{ outcome: 'upgraded' }, { outcome: 'skipped', reason: 'dry run' }],
      'succeeded',
      null,
    ],
    [
      'a model failed',
      [{ outcome: 'upgraded' }, { outcome: 'failed', error: 'UpgradeFailed', reason: 'boom' }],
      'failed',
      'UpgradeFailed',
    ],
    ['a model left in progress', [{ outcome: 'in-progress' }], 'failed', 'Unfinished'],
  ] as const)('%s: %s', (_, outcomes, outcome, error) => {
    const attempts = outcomes.map((attempt, index) => ({ customizationId: `m${index}`, ...attempt }));
    const summary = summarizeUnit('run-1', attempts);
    expect(summary.outcome).toBe(outcome);
    expect(summary.error).toBe(error);
  });

  it('names the first failure and lists every cause', () => {
    const summary = summarizeUnit('run-1', [
      { customizationId: 'a', outcome: 'failed', error: 'AuthFailed', reason: 'a: 401' },
      { customizationId: 'b', outcome: 'failed', error: 'UpgradeFailed', reason: 'b: failed' },
    ]);
    expect(summary.error).toBe('AuthFailed');
    expect(summary.cause).toBe('a: 401 | b: failed');
  });
});

describe('modelsNotReached', () => {
  it('records each acoustic model a failed language model kept the unit from, with the reason', () => {
    const [reached] = modelsNotReached(
      [acousticRef(true)],
      [{ customizationId: languageModelId, kind: 'language', outcome: 'failed', error: 'UpgradeFailed' }],
      startedAt,
    );
    expect(reached?.customizationId).toBe(acousticModelId);
    expect(reached?.writes[1]).toMatchObject({
      change: {
        outcome: 'skipped',
        reason: `not upgraded: its language model ${languageModelId} failed (UpgradeFailed)`,
        endedAt: startedAt,
      },
    });
  });

  it('leaves alone the models that have a record', () => {
    expect(
      modelsNotReached(
        [acousticRef(true)],
        [{ customizationId: acousticModelId, outcome: 'upgraded' }],
        startedAt,
      ),
    ).toEqual([]);
  });
});
