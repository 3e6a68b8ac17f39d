import { NoAuthAuthenticator } from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import {
  type LanguageModelSeed,
  ManualClock,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from '#simulator/index.js';

export const START = Date.UTC(2026, 0, 1);

export interface TestSimulator {
  readonly sim: RunningSimulator;
  readonly clock: ManualClock;
  readonly stt: SpeechToTextV1;
}

/** A simulator on a random loopback port with a manual clock, and an SDK client without auth. */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<TestSimulator> {
  const clock = new ManualClock(START);
  const sim = await startSimulator({ clock, ...options });
  const stt = new SpeechToTextV1({ authenticator: new NoAuthAuthenticator(), serviceUrl: sim.url });
  return { sim, clock, stt };
}

export interface IbmFailure {
  readonly status: number;
  readonly message: string;
  readonly body: unknown;
}

/** The SDK's rejection for a call that must fail; fails the test if the call succeeds. */
export async function ibmFailure(call: Promise<unknown>): Promise<IbmFailure> {
  try {
    await call;
  } catch (error) {
    const e = error as { status?: number; message: string; body?: unknown; result?: unknown };
    return { status: e.status ?? 0, message: e.message, body: e.result ?? e.body };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export interface WavShape {
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
  readonly seconds: number;
}

/** A silent PCM WAV file with a canonical 44-byte header. */
export function wavFile({ sampleRate, channels, bitsPerSample, seconds }: WavShape): Buffer {
  const blockAlign = (channels * bitsPerSample) / 8;
  const dataSize = Math.round(seconds * sampleRate) * blockAlign;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataSize, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataSize, 40);
  return Buffer.concat([header, Buffer.alloc(dataSize)]);
}

export const seconds = (n: number): number => n * 1000;

/** A custom language model on the 2018 version of en-US_BroadbandModel, with a few words: behind the catalog's newest. */
export function broadbandLanguageModel(customizationId: string): LanguageModelSeed {
  return {
    customizationId,
    name: 'lm',
    baseModelName: 'en-US_BroadbandModel',
    version: 'v2018-07-31',
    words: 10,
  };
}
