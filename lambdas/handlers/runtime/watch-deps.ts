import type { ObjectStore } from '#adapters/object-store/index.js';
import type { ReportSources } from '#adapters/report/index.js';
import type { TestSetSource } from '#adapters/test-sets/index.js';
import type { Clock } from '#core/contract/clock.js';
import type { Notifier } from '#core/contract/notifier.js';
import type { SttService } from '#core/model/custom-model.js';
import type { InstanceSettings } from '#core/settings/instance-settings.js';
import type { MetricsPort } from '#core/unit/upgrade-metrics.js';
import type { PinnedRecognizer, TranscriptStore } from '#core/watch/index.js';
import type { Wiring } from './wiring.js';

/** What the `accuracy-watch` phases need from the outside world; `watchDeps` builds it, in AWS and locally. */
export interface WatchDeps {
  stt(instanceId: string): Promise<SttService>;
  pinnedRecognizer(instanceId: string): Promise<PinnedRecognizer>;
  /** The settings of a configured instance; rejects with `InvalidInput` for an unknown one. */
  instanceSettings(instanceId: string): Promise<InstanceSettings>;
  testSet(name: string): TestSetSource;
  readonly transcripts: TranscriptStore;
  /** The watch's records, and what its report reads of the upgrades between measurements. */
  readonly history: ReportSources['history'];
  readonly clock: Clock;
  /** Where a change past the gate is told; absent: it is recorded, and nobody is told. */
  readonly notifier?: Notifier | undefined;
  /** The test-set bucket, where each run's report is written; absent: no report. */
  readonly bucket?: ObjectStore | undefined;
  /** Fleet-wide watch metrics; absent in local mode. */
  readonly metrics?: MetricsPort | undefined;
}

export function watchDeps(wiring: Wiring): WatchDeps {
  return {
    stt: wiring.clients.stt,
    pinnedRecognizer: wiring.clients.pinnedRecognizer,
    instanceSettings: wiring.settings.instanceSettings,
    testSet: wiring.testSets.testSet,
    transcripts: wiring.testSets.transcripts,
    bucket: wiring.testSets.objects,
    history: wiring.history,
    clock: wiring.clock,
    notifier: wiring.notifier,
    metrics: wiring.metrics,
  };
}
