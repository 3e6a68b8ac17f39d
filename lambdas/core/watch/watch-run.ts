import { z } from 'zod';
import { instanceIdSchema } from '../unit/unit-input.js';
import type { MeasuredUtterance } from './measurement.js';

/** One run of the accuracy watch over one instance: what it measured, spent and found. */
export const watchRunSchema = z.object({
  watchRunId: z.string().min(1),
  instanceId: z.string().min(1),
  trigger: z.enum(['schedule', 'manual']),
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).optional(),
  /** `stopped`: did not start (the monthly cap, or nothing to measure), with `reason`. */
  outcome: z.enum(['running', 'done', 'stopped']),
  reason: z.string().optional(),
  models: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  measured: z.number().int().nonnegative().default(0),
  failed: z.number().int().nonnegative().default(0),
  baselines: z.number().int().nonnegative().default(0),
  steady: z.number().int().nonnegative().default(0),
  worse: z.number().int().nonnegative().default(0),
  better: z.number().int().nonnegative().default(0),
  audioMinutes: z.number().nonnegative().default(0),
  priceUsd: z.number().nonnegative().default(0),
});
export type WatchRun = z.infer<typeof watchRunSchema>;

/** Models of a run are written in pages, so the state carries one page of ids at a time. */
export const WATCH_PAGE_SIZE = 500;

export const watchPlanInputSchema = z.object({
  phase: z.literal('plan'),
  input: z.object({
    instanceId: instanceIdSchema,
    trigger: z.enum(['schedule', 'manual']).default('manual'),
  }),
  execution: z.object({ name: z.string().min(1) }),
});

export const watchPageInputSchema = z.object({
  phase: z.literal('page'),
  watchRunId: z.string().min(1),
  instanceId: instanceIdSchema,
  nextPage: z.number().int().min(1),
});

export const watchMeasureInputSchema = z.object({
  phase: z.literal('measure'),
  watchRunId: z.string().min(1),
  instanceId: instanceIdSchema,
  customizationId: z.string().min(1),
});

/** A measurement that kept failing, as the Map's Catch hands it over. */
export const watchMeasureFailedInputSchema = watchMeasureInputSchema.extend({
  phase: z.literal('measure-failed'),
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

export const watchSummarizeInputSchema = z.object({
  phase: z.literal('summarize'),
  watchRunId: z.string().min(1),
  instanceId: instanceIdSchema,
});

export const watchInputSchema = z.discriminatedUnion('phase', [
  watchPlanInputSchema,
  watchPageInputSchema,
  watchMeasureInputSchema,
  watchMeasureFailedInputSchema,
  watchSummarizeInputSchema,
]);
export type WatchInput = z.infer<typeof watchInputSchema>;

/** What plan and page return to the state machine: the next page of model ids, if any. */
export interface WatchPageState {
  readonly watchRunId: string;
  readonly instanceId: string;
  readonly stopped: boolean;
  readonly reason?: string;
  readonly models: readonly string[];
  readonly nextPage: number;
  readonly hasNextPage: boolean;
}

/** One failed measurement as the run records it. */
export const measurementFailureSchema = z.object({
  watchRunId: z.string().min(1),
  instanceId: z.string().min(1),
  customizationId: z.string().min(1),
  error: z.string(),
  cause: z.string(),
  failedAt: z.iso.datetime({ offset: true }),
});
export type MeasurementFailure = z.infer<typeof measurementFailureSchema>;

/** `/v1/recognize` with exactly the query the watch pinned. Fails with an `SttError`. */
export interface PinnedRecognizer {
  recognize(request: {
    readonly audio: Uint8Array;
    readonly contentType: string;
    readonly parameters: Readonly<Record<string, string | number | boolean>>;
  }): Promise<{ readonly transcript: string; readonly warnings: readonly string[] }>;
}

/** Per-utterance transcripts of measurements, beside the test sets (the bucket, or a directory locally). */
export interface TranscriptStore {
  /** Writes them under `key` and returns where they are, as messages name it. */
  write(key: string, utterances: readonly MeasuredUtterance[]): Promise<string>;
  /** The transcripts under `key`; empty when there are none (a measurement from before they were kept). */
  read(key: string): Promise<MeasuredUtterance[]>;
}

/** The bucket key of a measurement's transcripts: beside the test sets, under a prefix no set name can take. */
export function transcriptsKey(instanceId: string, customizationId: string, watchRunId: string): string {
  return `_watch/${instanceId}/${customizationId}/${watchRunId}.jsonl`;
}
