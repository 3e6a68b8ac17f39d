import type { FleetInput } from '../fleet/fleet-input.js';
import type { BaseModelUpdatedDetail } from './release-event.js';

/** Reads one release-notes source as text; rejects with `ReleaseNotesUnavailable` or `ReleaseNotesUnreadable`. */
export type ReleaseNotesReader = (url: string) => Promise<string>;

/** Puts `Base Model Updated` events: EventBridge in AWS, an in-process bus locally. */
export interface ReleaseEventPublisher {
  /** Resolves once every event is accepted; rejects if any was not. */
  publish(details: readonly BaseModelUpdatedDetail[]): Promise<void>;
}

/** A fleet execution started, or the name was taken: the trigger had been handled before. */
export type FleetStart =
  | { readonly started: true; readonly executionArn: string }
  | { readonly started: false; readonly reason: 'already-exists'; readonly message: string };

/** Starts fleet executions: Step Functions in AWS, the local executor locally. */
export interface FleetStarter {
  start(input: FleetInput, name: string): Promise<FleetStart>;
}

/** One line of structured log; Lambda's JSON log format keeps the fields apart. */
export type TriggerLog = (message: string, fields: Record<string, unknown>) => void;
