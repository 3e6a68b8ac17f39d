import { describe, expect, it } from 'vitest';
import { changedUtterances } from '#core/report/changed-utterances.js';
import { modelSeries } from '#core/report/model-series.js';
import { fleetRunReport, modelReport } from '#core/report/upgrade-report.js';
import { claimsUtterances, fixtureRun, ids } from './report-fixture.js';

describe('the report of a fleet run', () => {
  const report = fleetRunReport(fixtureRun());

  it('charts each verified model, the regression first, and details its changed utterances', () => {
    expect(report.models.map((m) => m.customizationId)).toEqual([ids.claims, ids.notes, ids.support]);
    expect(report.regressions.map((r) => r.customizationId)).toEqual([ids.claims]);
    expect(report.werChanges.map((c) => [c.customizationId, Number(c.delta.toFixed(2))])).toEqual(
      expect.arrayContaining([
        [ids.claims, 0.15],
        [ids.support, -0.05],
      ]),
    );
  });
});

describe('the report of one model', () => {
  it('charts its verifications and the watch’s measurements in time order', () => {
    const { series } = fixtureRun();
    const notes = series.find((s) => s.customizationId === ids.notes);
    if (!notes) throw new Error('the fixture has no notes model');
    const chart = modelSeries(notes);
    expect(chart.points.map((p) => [p.source, p.wer])).toEqual([
      ['before-upgrade', 0.12],
      ['after-upgrade', 0.1],
      ['measurement', 0.1],
      ['measurement', 0.11],
      ['before-upgrade', 0.11],
      ['after-upgrade', 0.09],
    ]);
    expect(chart.points.map((p) => p.at)).toEqual([...chart.points.map((p) => p.at)].sort());
    const report = modelReport({
      series: notes,
      transcripts: new Map(),
      generatedAt: '2026-12-01T10:05:00.000Z',
    });
    expect(report.facts).toContainEqual({ label: 'verifications', value: '2' });
    expect(report.facts).toContainEqual({ label: 'measurements', value: '3' });
  });

  it('shows only the utterances whose transcript changed, aligned to the reference', () => {
    const { shown, more } = changedUtterances(claimsUtterances, 'word');
    expect(shown.map((u) => u.index)).toEqual([1, 2]);
    expect(more).toBe(0);
    expect(shown[0]?.new.transcript).toBe('i want to check my clam status');
    expect(shown[0]?.new.steps.map((s) => s.kind)).toContain('deletion');
  });
});
