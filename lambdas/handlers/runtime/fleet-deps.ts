import { z } from 'zod';
import type { ObjectStore } from '#adapters/object-store/index.js';
import { verificationSettingsSchema } from '#core/instance-settings.js';
import { parseOrThrow } from '#core/parse.js';
import { customizationIdSchema, instanceIdSchema } from '#core/upgrade-unit.js';
import type { ModelPairing } from '#core/upgrade-units.js';
import { awsUnitHandler } from './aws-unit-deps.js';
import { jsonVariable } from './json-variable.js';
import type { UnitDeps, UnitHandler } from './unit-deps.js';
import { bucketNameSchema, objectsUnder } from './verify-deps.js';

/** A configured instance as the fleet planner sees it: its id and the pairings the operator declared. */
export interface FleetInstanceConfig {
  readonly id: string;
  readonly pairings: readonly ModelPairing[];
}

/** The unit handlers' needs plus the configured instances and pairings, for planning a fleet. */
export interface FleetDeps extends UnitDeps {
  readonly fleetInstances: readonly FleetInstanceConfig[];
  /** Release-notes sources whose stored entries tell the planner which base models were updated. */
  readonly releaseNotesSources: readonly string[];
  /** A fleet run stops starting units once this many regressed (the deploy config's gate); absent: never. */
  readonly maxRegressedUnits?: number | undefined;
  /** The test-set bucket, where fleet reports are written and transcripts read; absent: no report. */
  readonly bucket?: ObjectStore | undefined;
}

/** What the stack gives fleet handlers besides the unit handlers' environment (JSON from the deploy config). */
const fleetEnvironmentSchema = z.object({
  FLEET_INSTANCES: jsonVariable(
    z.array(
      z.object({
        id: instanceIdSchema,
        pairings: z.array(
          z.object({ acousticModelId: customizationIdSchema, languageModelId: customizationIdSchema }),
        ),
      }),
    ),
  ),
  RELEASE_NOTES_SOURCE_URLS: jsonVariable(z.array(z.url())).default([]),
  VERIFICATION: jsonVariable(verificationSettingsSchema).default(verificationSettingsSchema.parse({})),
  TEST_SET_BUCKET: bucketNameSchema.optional(),
});

/** The Lambda entry point of a fleet handler: the unit handlers' AWS deps plus the fleet configuration. */
export function awsFleetHandler(
  make: (deps: FleetDeps) => UnitHandler,
): (event: unknown) => Promise<unknown> {
  let fleet: z.infer<typeof fleetEnvironmentSchema> | undefined;
  return awsUnitHandler((deps) => {
    fleet ??= parseOrThrow(fleetEnvironmentSchema, process.env, 'Lambda environment');
    const fleetInstances = fleet.FLEET_INSTANCES;
    const releaseNotesSources = fleet.RELEASE_NOTES_SOURCE_URLS;
    const { maxRegressedUnits } = fleet.VERIFICATION;
    const bucket = fleet.TEST_SET_BUCKET
      ? objectsUnder(`s3://${fleet.TEST_SET_BUCKET}`, process.env.AWS_REGION)
      : undefined;
    return make({ ...deps, fleetInstances, releaseNotesSources, maxRegressedUnits, bucket });
  });
}
