import type { CustomModel } from '../model/custom-model.js';
import type { RecognitionRequest } from '../verification/recognition-parameters.js';
import { recognitionParameters } from '../verification/recognition-parameters.js';

/**
 * Knowing a model is behind from IBM itself: recognition with a custom model built on an older
 * version of a base model that has a newer one answers with a warning. It works for updates no
 * parsed release note announced, at the price of recognising a short clip per model.
 */

const previousVersionWarning = /using previous version of base model/iu;

/** Seconds of audio in the probe clip: IBM bills recognition per minute, summed over the month. */
export const PROBE_CLIP_SECONDS = 1;
const SAMPLE_RATE = 16_000;

/**
 * The probe clip: one second of quiet 16 kHz mono PCM in a WAV container, the same bytes every
 * time. Made here rather than read from a file so that every bundle carries it.
 */
export function probeClip(): Uint8Array {
  const samples = SAMPLE_RATE * PROBE_CLIP_SECONDS;
  const data = samples * 2;
  const wav = new Uint8Array(44 + data);
  const view = new DataView(wav.buffer);
  const text = (offset: number, value: string) => {
    for (let i = 0; i < value.length; i++) view.setUint8(offset + i, value.charCodeAt(i));
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + data, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, data, true);
  // A faint fixed pattern rather than digital silence, which some services refuse as empty audio.
  for (let i = 0; i < samples; i++) view.setInt16(44 + i * 2, ((i * 7919) % 64) - 32, true);
  return wav;
}

/** The probe's request for one model: the model alone, on the version the service chooses. */
export function probeRequest(
  model: Pick<CustomModel, 'kind' | 'customizationId' | 'baseModelName'>,
): RecognitionRequest {
  return {
    audio: probeClip(),
    contentType: 'audio/wav',
    parameters: recognitionParameters({ ...model, languageModelId: null }, undefined),
  };
}

/** Whether IBM's warnings say the model is built on an older version of its base model. */
export function probeSaysBehind(warnings: readonly string[]): boolean {
  return warnings.some((warning) => previousVersionWarning.test(warning));
}

/** Models the probe asks about: only a model in `available` can be recognised with. */
export function modelsToProbe<M extends Pick<CustomModel, 'status'>>(models: readonly M[]): M[] {
  return models.filter((model) => model.status === 'available');
}

/** What recognising the clip with one model gave: IBM's warnings, or nothing when the request failed. */
export interface ProbeReading {
  readonly customizationId: string;
  readonly warnings: readonly string[] | null;
}

/** What one instance's probe found: the models IBM says are behind, and the ones it could not probe. */
export interface ProbeFindings {
  readonly probed: number;
  readonly failed: number;
  readonly behind: ReadonlySet<string>;
}

export function probeFindings(readings: readonly ProbeReading[]): ProbeFindings {
  const answered = readings.filter((reading) => reading.warnings !== null);
  return {
    probed: answered.length,
    failed: readings.length - answered.length,
    behind: new Set(
      answered.filter((reading) => probeSaysBehind(reading.warnings ?? [])).map((r) => r.customizationId),
    ),
  };
}

/** A fleet run's probe over all its instances, as its plan records it: the audio is what IBM bills. */
export function probeTotals(findings: readonly ProbeFindings[]) {
  const models = findings.reduce((sum, f) => sum + f.probed, 0);
  return {
    models,
    behind: findings.reduce((sum, f) => sum + f.behind.size, 0),
    failed: findings.reduce((sum, f) => sum + f.failed, 0),
    audioMinutes: (models * PROBE_CLIP_SECONDS) / 60,
  };
}
