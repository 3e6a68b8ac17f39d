import type { ObjectStore } from '#adapters/object-store/index.js';
import type { VerificationSettings } from '#core/settings/instance-settings.js';
import type { FleetInstanceConfig } from './settings-readers.js';
import { type UnitDeps, unitDeps } from './unit-deps.js';
import type { Wiring } from './wiring.js';

export type { FleetInstanceConfig };

/** The unit handlers' needs plus the configured instances and pairings, for planning a fleet. */
export interface FleetDeps extends UnitDeps {
  /** Every configured instance with its pairings, read from the settings store. */
  fleetInstances(): Promise<readonly FleetInstanceConfig[]>;
  /** Release-notes sources whose stored entries tell the planner which base models were updated. */
  readonly releaseNotesSources: readonly string[];
  /** A fleet run stops starting units once this many regressed (the deploy config's gate); absent: never. */
  readonly maxRegressedUnits?: number | undefined;
}

/** What the planner is configured with besides the unit handlers' poll policy. */
export interface FleetConfig {
  readonly pollPolicy: unknown;
  readonly releaseNotesSources: readonly string[];
  readonly verification: Pick<VerificationSettings, 'maxRegressedUnits'>;
}

/** The fleet planner's deps: the unit handlers' plus the instances and the fleet's configuration. */
export function fleetDeps(wiring: Wiring, config: FleetConfig): FleetDeps {
  return {
    ...unitDeps(wiring, config),
    fleetInstances: wiring.settings.fleetInstances,
    releaseNotesSources: config.releaseNotesSources,
    maxRegressedUnits: config.verification.maxRegressedUnits,
  };
}

/** What fetching a page of units and summarizing a fleet need: its records, nothing of the instances. */
export type FleetRecordDeps = Pick<UnitDeps, 'history' | 'clock'> & {
  /** The test-set bucket, where fleet reports are written and transcripts read; absent: no report. */
  readonly bucket?: ObjectStore | undefined;
};

export function fleetRecordDeps(wiring: Pick<Wiring, 'history' | 'clock' | 'testSets'>): FleetRecordDeps {
  return { history: wiring.history, clock: wiring.clock, bucket: wiring.testSets.objects };
}
