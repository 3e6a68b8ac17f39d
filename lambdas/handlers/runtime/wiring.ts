import type { HistoryStore } from '#adapters/history-store/index.js';
import type { Clock } from '#core/contract/clock.js';
import type { Notifier } from '#core/contract/notifier.js';
import type { ExecutionStatusReader } from '#core/stopping/execution-status.js';
import type { MetricsPort } from '#core/unit/upgrade-metrics.js';
import type { SettingsReaders } from './settings-readers.js';
import type { SttClients } from './stt-clients.js';
import type { TestSetStores } from './test-set-stores.js';

/**
 * What every concern's deps are built from: in AWS, one Lambda container's stores and clients (see
 * `aws-wiring.ts`); locally, the process's (see local mode's upgrader). The builders beside this
 * file turn it into what each handler needs, the same way in both.
 */
export interface Wiring {
  readonly history: HistoryStore;
  readonly clock: Clock;
  /** Instances, their settings and pairings, from the settings store. */
  readonly settings: SettingsReaders;
  readonly clients: SttClients;
  readonly testSets: TestSetStores;
  /** Step Functions' word on an execution: a claim whose execution has ended is taken over at once. */
  readonly executions?: ExecutionStatusReader | undefined;
  /** Upgrade and watch metrics; absent in local mode, which keeps quiet. */
  readonly metrics?: MetricsPort | undefined;
  /** The operators' topic; absent where nobody listens. */
  readonly notifier?: Notifier | undefined;
}
