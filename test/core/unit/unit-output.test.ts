import { describe, expect, it } from 'vitest';
import { summarizeUnit, UNIT_OUTPUT_CAUSE_MAX_CHARS, unitOutput } from '#core/unit/unit-summary.js';

/** The largest unit a fleet plans: a language model and ten acoustic models, every one failed with a long IBM text. */
const worstSummary = () =>
  summarizeUnit(
    'release-2026-12-01-unit-0001-0123456789abcdef',
    Array.from({ length: 11 }, (_, n) => ({
      customizationId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      outcome: 'failed' as const,
      error: 'UpgradeFailed',
      reason: `IBM said: ${'the model could not be upgraded because '.repeat(50)}`,
    })),
  );

describe('a unit execution’s output', () => {
  it('keeps the outcome and counts, not the model lists', () => {
    const output = unitOutput(worstSummary());
    expect(output).toMatchObject({
      outcome: 'failed',
      upgraded: 0,
      skipped: 0,
      failed: 11,
      error: 'UpgradeFailed',
    });
    expect(output.cause?.length).toBeLessThanOrEqual(UNIT_OUTPUT_CAUSE_MAX_CHARS);
    expect(output.cause).toMatch(/history has every cause/);
  });

  it('lets a page of 100 units stay under 256 KiB in a Distributed Map’s result, failed or not', () => {
    const output = unitOutput(worstSummary());
    const failedChild = { Error: output.error, Cause: output.cause };
    for (const child of [output, failedChild]) {
      expect(100 * Buffer.byteLength(JSON.stringify(child))).toBeLessThan(256 * 1024);
    }
  });
});
