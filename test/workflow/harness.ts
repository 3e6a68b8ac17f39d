import type { InstanceSettings } from '#core/settings/instance-settings.js';
import type { DynamoFaultsInput } from '#local/dynamodb/index.js';
import type { FleetSeed, SimulatorAuth } from '#simulator/index.js';
import {
  type LocalFleet,
  laggingIndexes,
  SIMULATED_INSTANCE,
  startLocalFleet,
} from '#testkit/local-fleet.js';

export { laggingIndexes };
export const instanceId = SIMULATED_INSTANCE;

export interface Harness extends LocalFleet {
  /** Replaces the simulator's models and clears its log and faults. */
  seed(fleet: FleetSeed): void;
}

/** The unit workflow's tests: one instance on the simulator, DynamoDB's indexes lagging by default. */
export async function startHarness(
  options: {
    auth?: SimulatorAuth;
    connectionAuth?: Record<string, string>;
    alreadyUpToDate?: 'reject' | 'no-op';
    /** Which IBM the simulator plays: IBM Cloud (train has `force`) or Cloud Pak for Data. */
    platform?: 'cloud' | 'cpd';
    /** What the deploy config says of the instance. */
    settings?: Partial<InstanceSettings>;
    /** DynamoDB's faults; by default its indexes lag (`laggingIndexes`). */
    dynamoFaults?: DynamoFaultsInput;
  } = {},
): Promise<Harness> {
  const { auth, alreadyUpToDate, platform, settings, connectionAuth } = options;
  const fleet = await startLocalFleet({
    simulator: {
      ...(auth && { auth }),
      ...(alreadyUpToDate && { alreadyUpToDate }),
      ...(platform && { platform }),
    },
    dynamoFaults: options.dynamoFaults ?? laggingIndexes,
    upgrader: {
      instance: { ...(settings && { settings }), ...(connectionAuth && { auth: connectionAuth }) },
    },
  });
  return {
    ...fleet,
    seed(models) {
      fleet.simulator.reset();
      fleet.simulator.seedFleet(models);
    },
  };
}
