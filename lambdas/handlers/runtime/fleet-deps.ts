import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { HistoryStore } from '#adapters/history-store/index.js';
import type { ObjectStore } from '#adapters/object-store/index.js';
import { systemClock } from '#adapters/system-clock.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { verificationSettingsSchema } from '#core/settings/instance-settings.js';
import { metricsService } from '#core/unit/upgrade-metrics.js';
import { awsUnitHandler } from './aws-unit-deps.js';
import { jsonVariable } from './json-variable.js';
import { withInvocationLogging } from './observability.js';
import { awsSettingsReaders, type FleetInstanceConfig } from './settings-readers.js';
import type { UnitDeps, UnitHandler } from './unit-deps.js';
import { bucketNameSchema, objectsUnder } from './verify-deps.js';

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

/** What fetching a page of units and summarizing a fleet need: its records, nothing of the instances. */
export type FleetRecordDeps = Pick<UnitDeps, 'history' | 'clock'> & {
  /** The test-set bucket, where fleet reports are written and transcripts read; absent: no report. */
  readonly bucket?: ObjectStore | undefined;
};

/** What the stack gives the planner besides the unit handlers' environment. */
const fleetEnvironmentSchema = z.object({
  SETTINGS_BUCKET: z.string().min(3),
  RELEASE_NOTES_SOURCE_URLS: jsonVariable(z.array(z.url())).default([]),
  VERIFICATION: jsonVariable(verificationSettingsSchema).default(verificationSettingsSchema.parse({})),
});

/** The Lambda entry point of the planner: the unit handlers' AWS deps plus the fleet configuration. */
export function awsFleetHandler(
  make: (deps: FleetDeps) => UnitHandler,
): (event: unknown) => Promise<unknown> {
  let fleet: Omit<FleetDeps, keyof UnitDeps> | undefined;
  return awsUnitHandler((deps) => {
    if (!fleet) {
      const env = parseOrThrow(fleetEnvironmentSchema, process.env, 'Lambda environment');
      const settings = awsSettingsReaders(env.SETTINGS_BUCKET);
      fleet = {
        fleetInstances: settings.fleetInstances,
        releaseNotesSources: env.RELEASE_NOTES_SOURCE_URLS,
        maxRegressedUnits: env.VERIFICATION.maxRegressedUnits,
      };
    }
    return make({ ...deps, ...fleet });
  });
}

const recordsEnvironmentSchema = z.object({
  HISTORY_TABLE_NAME: z.string().min(1),
  TEST_SET_BUCKET: bucketNameSchema.optional(),
});

/** The Lambda entry point of a fleet handler that reads and writes fleet records only. */
export function awsFleetRecordHandler(
  make: (deps: FleetRecordDeps) => UnitHandler,
): (event: unknown) => Promise<unknown> {
  let handle: UnitHandler | undefined;
  return async (event) => {
    if (!handle) {
      const env = parseOrThrow(recordsEnvironmentSchema, process.env, 'Lambda environment');
      const deps = {
        history: new HistoryStore({ tableName: env.HISTORY_TABLE_NAME }),
        clock: systemClock,
        ...(env.TEST_SET_BUCKET && {
          bucket: objectsUnder(`s3://${env.TEST_SET_BUCKET}`, process.env.AWS_REGION),
        }),
      };
      handle = withInvocationLogging(
        new Logger({ serviceName: metricsService }),
        process.env.UPGRADER_HANDLER ?? make.name,
        make(deps),
      );
    }
    return handle(event);
  };
}
