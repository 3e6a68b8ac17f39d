import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '#lib/config/load-config.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';
import { STACK_SYNTHESIS_TIMEOUT_MS } from './timeouts.js';

describe('abandoned runs', () => {
  it(
    'send the unit state machine’s failed, timed-out and aborted executions to the closer, with retries',
    () => {
      const app = new App({
        outdir: mkdtempSync(path.join(tmpdir(), 'abandoned-')),
        context: { 'aws:cdk:bundling-stacks': [] },
      });
      const stack = new SttModelUpgraderStack(app, 'Test', {
        config: parseDeployConfig({ instances: [{ id: 'prod' }] }, 'test'),
      });
      const template = Template.fromStack(stack);
      const unitArn = stack.resolve(stack.unitWorkflow.stateMachine.stateMachineArn);
      const rules = template.findResources('AWS::Events::Rule', {
        Properties: {
          EventPattern: {
            source: ['aws.states'],
            detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [unitArn] },
          },
          Targets: Match.arrayWith([
            Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 } }),
          ]),
        },
      });
      const closerRules = Object.values(rules).filter((rule) =>
        JSON.stringify(rule.Properties.Targets).includes('closeabandonedrun'),
      );
      expect(closerRules).toHaveLength(1);
    },
    STACK_SYNTHESIS_TIMEOUT_MS,
  );
});
