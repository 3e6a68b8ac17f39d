import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** The whole upgrader: history table, upgrade-unit workflow, fleet workflow, triggers and alarms. */
export class SttModelUpgraderStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
  }
}
