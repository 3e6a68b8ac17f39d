import type { StoppedRunNotes } from '#adapters/history-store/index.js';
import type { Clock } from '#core/contract/clock.js';
import type { Notifier } from '#core/contract/notifier.js';
import type {
  FleetRecords,
  HistoryAttempts,
  HistoryClaims,
  HistoryRuns,
  LanguageModelStepHistory,
  VerificationRecords,
} from '#core/history/ports.js';
import type { MigrationRecords } from '#core/migration/index.js';
import type { SttService } from '#core/model/custom-model.js';
import type { ReleaseNotesHistory } from '#core/release/ports.js';
import type { InstanceSettings } from '#core/settings/instance-settings.js';
import type { ExecutionStatusReader } from '#core/stopping/execution-status.js';
import { type PollPolicy, resolvePollPolicy } from '#core/unit/poll-policy.js';
import type { MetricsPort } from '#core/unit/upgrade-metrics.js';
import type { Recognizer } from '#core/verification/recognition-parameters.js';
import type { WatchRecords } from '#core/watch/ports.js';

/**
 * The history as unit and fleet handlers use it: its ports, and the records of fleets,
 * verifications and the watch (a fleet's report shows each model's measurements).
 */
export type UnitHistory = HistoryRuns &
  HistoryAttempts &
  LanguageModelStepHistory &
  HistoryClaims &
  Pick<ReleaseNotesHistory, 'releaseEntries'> & {
    readonly fleet: FleetRecords;
    readonly verification: VerificationRecords;
    readonly watch: WatchRecords;
    readonly stopped: StoppedRunNotes;
    readonly migration: MigrationRecords;
  };

import type { Wiring } from './wiring.js';

/** What the upgrade-unit handlers need from the outside world; `unitDeps` builds it, in AWS and locally. */
export interface UnitDeps {
  /** A client for a configured instance; rejects with `InvalidInput` for an unknown instance id. */
  stt(instanceId: string): Promise<SttService>;
  /** `/v1/recognize` of a configured instance (the planner's probe); rejects like `stt`. */
  recognizer(instanceId: string): Promise<Recognizer>;
  /** Whether an instance id is configured (in the settings store), checked before a unit starts. */
  knowsInstance(instanceId: string): Promise<boolean>;
  /** The settings of a configured instance; rejects with `InvalidInput` for an unknown one. */
  instanceSettings(instanceId: string): Promise<InstanceSettings>;
  readonly history: UnitHistory;
  readonly clock: Clock;
  readonly pollPolicy: PollPolicy;
  /** Step Functions' word on an execution: a claim whose execution has ended is taken over at once. */
  readonly executions?: ExecutionStatusReader | undefined;
  /** Upgrade outcome metrics; absent in local mode, which keeps quiet. */
  readonly metrics?: MetricsPort | undefined;
  /** The operators' topic, told of every regressed upgrade; absent where nobody listens. */
  readonly notifier?: Notifier | undefined;
}

/** The upgrade-unit handlers' deps. `pollPolicy` holds overrides of the default policy, checked field by field. */
export function unitDeps(wiring: Wiring, config: { readonly pollPolicy: unknown }): UnitDeps {
  return {
    stt: wiring.clients.stt,
    recognizer: wiring.clients.recognizer,
    knowsInstance: wiring.settings.knowsInstance,
    instanceSettings: wiring.settings.instanceSettings,
    history: wiring.history,
    clock: wiring.clock,
    pollPolicy: resolvePollPolicy(config.pollPolicy),
    executions: wiring.executions,
    metrics: wiring.metrics,
    notifier: wiring.notifier,
  };
}

/** A handler body: parses its event, does its step, returns plain JSON (the next state's input, or a log's). */
export type UnitHandler = (event: unknown) => Promise<unknown>;
