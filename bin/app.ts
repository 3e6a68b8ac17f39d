#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { loadDeployConfig } from '../lib/config/load-config.js';
import { SttModelUpgraderStack } from '../lib/stt-model-upgrader-stack.js';

const app = new App();
new SttModelUpgraderStack(app, 'SttModelUpgrader', {
  description: 'Keeps IBM Watson Speech to Text custom models upgraded to their latest base model versions.',
  config: loadDeployConfig(app),
});
