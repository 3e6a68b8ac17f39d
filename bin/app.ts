#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { DeployConfigError, loadDeployConfig } from '#lib/config/load-config.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';

const app = new App();
try {
  new SttModelUpgraderStack(app, 'SttModelUpgrader', {
    description:
      'Keeps IBM Watson Speech to Text custom models upgraded to their latest base model versions.',
    config: loadDeployConfig(app),
  });
} catch (error) {
  // A configuration mistake is the operator's to fix: print what is wrong, not a stack trace.
  if (!(error instanceof DeployConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
