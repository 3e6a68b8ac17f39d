import type { HistoryStore } from '#adapters/history-store/index.js';
import type { TestSetSource } from '#adapters/test-sets/index.js';
import type { Clock } from '#core/contract/clock.js';
import type { Notifier } from '#core/contract/notifier.js';
import type { SttService } from '#core/model/custom-model.js';
import type { InstanceSettings } from '#core/settings/instance-settings.js';
import type { MetricsPort } from '#core/unit/upgrade-metrics.js';
import type { PinnedRecognizer, TranscriptStore } from '#core/watch/index.js';

/** What the `accuracy-watch` phases need from the outside world; AWS and local mode each build one. */
export interface WatchDeps {
  stt(instanceId: string): Promise<SttService>;
  pinnedRecognizer(instanceId: string): Promise<PinnedRecognizer>;
  instanceSettings(instanceId: string): Promise<InstanceSettings | undefined>;
  testSet(name: string): TestSetSource;
  readonly transcripts: TranscriptStore;
  readonly history: HistoryStore;
  readonly clock: Clock;
  /** Where a change past the gate is told; absent: it is recorded, and nobody is told. */
  readonly notifier?: Notifier;
  /** Fleet-wide watch metrics; absent in local mode. */
  readonly metrics?: MetricsPort;
}
