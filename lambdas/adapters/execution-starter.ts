import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { FleetStart } from '#core/release/trigger-ports.js';
import { type AwsEndpointOptions, awsClientConfig } from './aws-endpoint.js';

export interface SfnExecutionStarterOptions extends AwsEndpointOptions {
  readonly stateMachineArn: string;
}

/**
 * Starts executions of one state machine (the fleet's, or the unit's for an operator's run) with
 * StartExecution. A name already used (within 90 days of its end, or with other input) answers
 * `ExecutionAlreadyExists`: the trigger was handled before, which is a result, not an error. The
 * same name and input while it runs returns that execution.
 */
export class SfnExecutionStarter<Input> {
  private readonly client: SFNClient;

  constructor(private readonly options: SfnExecutionStarterOptions) {
    this.client = new SFNClient(awsClientConfig(options));
  }

  async start(input: Input, name: string): Promise<FleetStart> {
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
