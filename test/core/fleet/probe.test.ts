import { describe, expect, it } from 'vitest';
import { modelsToProbe, probeClip, probeFindings, probeTotals } from '#core/fleet/probe.js';

const previous =
  'Using previous version of base model, because your custom model has been built with it. Please note that this version will be supported only for a limited time.';

describe('the probe of models behind', () => {
  it('calls a model behind only on the previous-version warning, and counts the ones it could not ask', () => {
    const findings = probeFindings([
      { customizationId: 'a', warnings: [previous] },
      { customizationId: 'b', warnings: [] },
      { customizationId: 'c', warnings: ['Unknown arguments: x.'] },
      { customizationId: 'd', warnings: null },
    ]);
    expect(findings).toEqual({ probed: 3, failed: 1, behind: new Set(['a']) });
    expect(probeTotals([findings, findings])).toEqual({ models: 6, behind: 2, failed: 2, audioMinutes: 0.1 });
  });

  it('asks only available models, with a one-second 16 kHz WAV that is the same every time', () => {
    expect(modelsToProbe([{ status: 'available' }, { status: 'training' }, { status: 'ready' }])).toEqual([
      { status: 'available' },
    ]);
    const clip = probeClip();
    expect(Buffer.from(clip.subarray(0, 4)).toString('latin1')).toBe('RIFF');
    expect(new DataView(clip.buffer).getUint32(24, true)).toBe(16_000);
    expect(clip.byteLength).toBe(44 + 32_000);
    expect(probeClip()).toEqual(clip);
  });
});
