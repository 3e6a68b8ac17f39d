import type { HistoryStore } from '#adapters/history-store/index.js';
import type { Clock } from '#core/contract/clock.js';
import type { Notifier } from '#core/contract/notifier.js';
import type { SttService } from '#core/model/custom-model.js';
import type { InstanceSettings } from '#core/settings/instance-settings.js';
import type { ExecutionStatusReader } from '#core/stopping/execution-status.js';
import type { PollPolicy } from '#core/unit/poll-policy.js';
import type { MetricsPort } from '#core/unit/upgrade-metrics.js';
import type { Recognizer } from '#core/verification/recognition-parameters.js';

/** What the upgrade-unit handlers need from the outside world; AWS and local mode each build one. */
export interface UnitDeps {
  /** A client for a configured instance; rejects with `InvalidInput` for an unknown instance id. */
  stt(instanceId: string): Promise<SttService>;
  /** `/v1/recognize` of a configured instance (the planner's probe); rejects like `stt`. */
  recognizer(instanceId: string): Promise<Recognizer>;
  /** Whether an instance id is configured (in the settings store), checked before a unit starts. */
  knowsInstance(instanceId: string): Promise<boolean>;
  /**
   * What the settings store says of an instance (platform, retrain opt-in, test sets); defaults when
   * it says nothing. Rejects with `InvalidSettings` when the store cannot be read as settings.
   */
  instanceSettings(instanceId: string): Promise<InstanceSettings>;
  readonly history: HistoryStore;
  readonly clock: Clock;
  readonly pollPolicy: PollPolicy;
  /** Step Functions' word on an execution: a claim whose execution has ended is taken over at once. */
  readonly executions?: ExecutionStatusReader;
  /** Upgrade outcome metrics; absent in local mode, which keeps quiet. */
  readonly metrics?: MetricsPort;
  /** The operators' topic, told of every regressed upgrade; absent where nobody listens. */
  readonly notifier?: Notifier;
}

/** A handler body: parses its event, does its step, returns plain JSON for the next state. */
export type UnitHandler = (event: unknown) => Promise<unknown>;
