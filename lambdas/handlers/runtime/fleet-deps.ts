import { z } from 'zod';
import { parseOrThrow } from '../../core/parse.js';
import { customizationIdSchema, instanceIdSchema } from '../../core/upgrade-unit.js';
import type { ModelPairing } from '../../core/upgrade-units.js';
import { awsUnitHandler } from './aws-unit-deps.js';
import type { UnitDeps, UnitHandler } from './unit-deps.js';

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
}

/** `FLEET_INSTANCES`: JSON `[{ id, pairings: [{ acousticModelId, languageModelId }] }]` from the deploy config. */
export const fleetInstancesSchema = z.array(
  z.object({
    id: instanceIdSchema,
    pairings: z.array(
      z.object({ acousticModelId: customizationIdSchema, languageModelId: customizationIdSchema }),
    ),
  }),
);

export function parseFleetInstances(text: string | undefined): FleetInstanceConfig[] {
  let json: unknown;
  try {
    json = JSON.parse(text ?? '');
  } catch {
    json = undefined;
  }
  return parseOrThrow(fleetInstancesSchema, json, 'FLEET_INSTANCES environment variable');
}

/** The Lambda entry point of a fleet handler: the unit handlers' AWS deps plus the fleet configuration. */
export function awsFleetHandler(
  make: (deps: FleetDeps) => UnitHandler,
): (event: unknown) => Promise<unknown> {
  let fleetInstances: FleetInstanceConfig[] | undefined;
  let releaseNotesSources: string[] | undefined;
  return awsUnitHandler((deps) => {
    fleetInstances ??= parseFleetInstances(process.env.FLEET_INSTANCES);
    releaseNotesSources ??= parseOrThrow(
      z.array(z.url()),
      JSON.parse(process.env.RELEASE_NOTES_SOURCE_URLS ?? '[]'),
      'RELEASE_NOTES_SOURCE_URLS environment variable',
    );
    return make({ ...deps, fleetInstances, releaseNotesSources });
  });
}
