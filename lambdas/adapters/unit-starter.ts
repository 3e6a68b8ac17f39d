import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { FleetStart } from '../core/trigger-ports.js';
import type { UpgradeUnitInput } from '../core/upgrade-unit.js';
import { type AwsEndpointOptions, awsClientConfig } from './aws-endpoint.js';

export interface SfnUnitStarterOptions extends AwsEndpointOptions {
  readonly stateMachineArn: string;
}

/** A unit execution started, or its name was taken: the same answer shape as a fleet start. */
export type UnitStart = FleetStart;

/**
 * Starts one execution of the upgrade-unit state machine with StartExecution, for an operator's
 * manual run. A name already used answers `ExecutionAlreadyExists`, reported as a result.
 */
export class SfnUnitStarter {
  private readonly client: SFNClient;

  constructor(private readonly options: SfnUnitStarterOptions) {
    this.client = new SFNClient(awsClientConfig(options));
  }

  async start(input: UpgradeUnitInput, name: string): Promise<UnitStart> {
    try {
      const output = await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.options.stateMachineArn,
          name,
          input: JSON.stringify(input),
        }),
      );
      return { started: true, executionArn: output.executionArn ?? '' };
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') {
        return { started: false, reason: 'already-exists', message: error.message };
      }
      throw error;
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
