import { describe, expect, it } from 'vitest';
import { ProgressView } from '#cli/report/progress-view.js';
import { ModelProgressTracker } from '#local/model-progress-tracker.js';

const LM = '0f000000-0000-4000-8000-000000000001';
const AM = '0f000000-0000-4000-8000-000000000002';

/** A StateEntered event of a model's branch, as the local executor emits it. */
const entered = (state: string, customizationId: string, kind: string, wakeAt?: string) => ({
  type: 'StateEntered',
  state: {
    name: `${kind === 'language' ? 'Language' : 'Acoustic'} model: ${state}`,
    input: {
      model: { kind, customizationId },
      progress: { modelName: kind === 'language' ? 'claims' : 'headsets', step: 'upgrade', polls: 1, wakeAt },
    },
  },
});

describe('progress in a log', () => {
  it('prints milestones with when the next poll is due, and a heartbeat naming what each unfinished model does', async () => {
    const wall = Date.parse('2026-12-03T10:00:00.000Z');
    const lines: string[] = [];
    const tracker = new ModelProgressTracker(() => wall);
    const view = new ProgressView({
      tracker,
      statusOf: () => undefined,
      nowMs: () => wall,
      wallNowMs: () => wall,
      write: (text) => lines.push(text),
      interactive: false,
      simulated: false,
      heartbeatMs: 20,
    });
    view.start();
    const show = (event: unknown) => {
      const line = tracker.observe(event);
      if (line) view.changed(line);
    };
    show(entered('start upgrade', LM, 'language'));
    show(entered('wait for upgrade', LM, 'language', '2026-12-03T10:02:10.000Z'));
    show(entered('poll', LM, 'language'));
    show(entered('wait for upgrade', LM, 'language', '2026-12-03T10:03:00.000Z'));
    show(entered('done', LM, 'language'));
    show(entered('wait for upgrade', AM, 'acoustic', '2026-12-03T10:05:00.000Z'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    view.stop();

    const milestones = lines.filter((line) => !line.includes('still working'));
    expect(milestones.map((line) => line.replace(/\s+/g, ' ').trim())).toEqual([
      '0s language claims upgrade start upgrade 1',
      '0s language claims upgrade wait for upgrade 1 in 2m10s',
      '0s language claims upgrade done 1',
      '0s acoustic headsets upgrade wait for upgrade 1 in 5m00s',
    ]);
    expect(lines.find((line) => line.includes('still working'))).toBe(
      '    0s  still working: 1 of 2 model(s) done; headsets wait for upgrade (next poll in 5m00s)\n',
    );
  });
});
