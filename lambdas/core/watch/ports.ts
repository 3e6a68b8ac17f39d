import type { WatchAlert } from './comparison.js';
import type { Measurement } from './measurement.js';
import type { MeasurementFailure, WatchRun } from './watch-run.js';

/** What one measurement adds to its run's counters. */
export interface MeasurementCount {
  readonly verdict: 'baseline' | 'steady' | 'worse' | 'better' | 'failed';
  readonly audioMinutes: number;
  readonly priceUsd: number;
}

/**
 * The accuracy watch's records: per model its measurements, baseline and open alert; per instance
 * its runs with their pages of model ids and failures, and the audio minutes spent each month.
 */
export interface WatchRecords {
  /** Records a run and its pages; a retried plan gets the run already stored. */
  startRun(run: WatchRun, pages: readonly (readonly string[])[]): Promise<WatchRun>;
  run(instanceId: string, watchRunId: string): Promise<WatchRun | undefined>;
  /** Rejects with `MissingHistoryRecordError` when the run is not stored. */
  requireRun(instanceId: string, watchRunId: string): Promise<WatchRun>;
  /** The instance's runs, newest first. */
  runs(instanceId: string, limit?: number): Promise<WatchRun[]>;
  page(instanceId: string, watchRunId: string, page: number): Promise<string[] | undefined>;
  /** Adds one measurement (or failure) to its run's counters and to the month's minutes. */
  count(instanceId: string, watchRunId: string, month: string, count: MeasurementCount): Promise<void>;
  minutesOfMonth(instanceId: string, month: string): Promise<number>;
  /** Closes a run; the fields given replace the stored ones. */
  finishRun(
    instanceId: string,
    watchRunId: string,
    end: Pick<WatchRun, 'outcome' | 'endedAt'> & { readonly reason?: string },
  ): Promise<WatchRun>;
  /** Notes where the run's report is (or why it is not); the run itself is closed already. */
  noteReport(instanceId: string, watchRunId: string, report: NonNullable<WatchRun['report']>): Promise<void>;
  /** False when a retried task finds the failure stored. */
  recordFailure(failure: MeasurementFailure): Promise<boolean>;
  failures(instanceId: string, watchRunId: string): Promise<MeasurementFailure[]>;
  /** Stores a measurement once per model and run: false when a retried task finds it stored. */
  record(measurement: Measurement): Promise<boolean>;
  measurement(
    instanceId: string,
    customizationId: string,
    watchRunId: string,
  ): Promise<Measurement | undefined>;
  /** A model's measurements, oldest first; `from` (a watch run id) keeps those from that run on. */
  measurements(instanceId: string, customizationId: string, from?: string): Promise<Measurement[]>;
  latest(instanceId: string, customizationId: string): Promise<Measurement | undefined>;
  /** The watch run whose measurement is the model's baseline, if it has one. */
  baseline(instanceId: string, customizationId: string): Promise<string | undefined>;
  /** Makes a measurement the baseline and clears the model's alert. */
  setBaseline(
    instanceId: string,
    customizationId: string,
    watchRunId: string,
    acceptedAt?: string,
  ): Promise<void>;
  alert(instanceId: string, customizationId: string): Promise<WatchAlert | undefined>;
  setAlert(instanceId: string, customizationId: string, alert: WatchAlert | null): Promise<void>;
}
