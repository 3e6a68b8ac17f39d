import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { ExecutionStatus, ExecutionStatusReader } from '#core/stopping/execution-status.js';
import { type AwsEndpointOptions, awsClientConfig } from './aws-endpoint.js';

/** Reads an execution's status with DescribeExecution; an execution Step Functions no longer knows is `gone`. */
export class SfnExecutionStatus implements ExecutionStatusReader {
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
}
