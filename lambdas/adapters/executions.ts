import { DescribeExecutionCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { ExecutionStatus, ExecutionStatusReader } from '#core/stopping/execution-status.js';
import { type AwsEndpointOptions, awsClientConfig } from './aws-endpoint.js';

/**
 * Step Functions executions, as far as the upgrader asks of them: DescribeExecution's status (an
 * execution Step Functions no longer knows is `gone`), and StopExecution for an operator's stop.
 */
export class SfnExecutions implements ExecutionStatusReader {
  private readonly client: SFNClient;

  constructor(options: AwsEndpointOptions = {}) {
    this.client = new SFNClient(awsClientConfig(options));
  }

  async status(executionArn: string): Promise<ExecutionStatus> {
    try {
      const output = await this.client.send(new DescribeExecutionCommand({ executionArn }));
      return output.status ?? 'RUNNING';
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return 'gone';
      throw error;
    }
  }

  /** Stops a running execution: it ends ABORTED with this error and cause; an ended one is left as it is. */
  async stop(executionArn: string, stop: { readonly error: string; readonly cause: string }): Promise<void> {
    await this.client.send(new StopExecutionCommand({ executionArn, ...stop }));
  }

  destroy(): void {
    this.client.destroy();
  }
}
