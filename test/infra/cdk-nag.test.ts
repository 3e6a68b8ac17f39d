import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { loadDeployConfig } from '#lib/config/load-config.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';
import { STACK_SYNTHESIS_TIMEOUT_MS } from './timeouts.js';

interface Finding {
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
}

/**
 * Every unacknowledged AwsSolutions finding, errors and warnings alike: errors stop the synthesis
 * (read from the error), warnings only reach the validation report (read from the file).
 */
function nagFindings(build: (app: App) => void): Finding[] {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-nag-'));
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  build(app);
  try {
    app.synth();
  } catch (error) {
    const text = (error as Error).message;
    const findings = [
      ...text.matchAll(/(ERROR|WARN\w*) [^\n]*\n\s+(\S+) [^\n]*\n\s+Acknowledge with '[^:]+::([^']+)'/g),
    ];
    expect(findings.length, text).toBeGreaterThan(0);
    return findings.map(([, severity = '', where = '', rule = '']) => ({ rule, severity, path: where }));
  }
  const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: {
      violations?: { ruleName: string; severity: string; violatingResources: { constructPath: string }[] }[];
    }[];
  };
  return report.pluginReports.flatMap((plugin) =>
    (plugin.violations ?? []).flatMap((v) =>
      v.violatingResources.map((r) => ({ rule: v.ruleName, severity: v.severity, path: r.constructPath })),
    ),
  );
}

const upgrader = (app: App, config: string) => {
  app.node.setContext('config', config);
  return new SttModelUpgraderStack(app, 'SttModelUpgrader', { config: loadDeployConfig(app) });
};

describe('cdk-nag AwsSolutions', () => {
  it(
    'finds nothing unacknowledged in the whole app (example config: created and named secrets, emails)',
    () => {
      expect(nagFindings((app) => upgrader(app, 'lib/config/example.json'))).toEqual([]);
    },
    STACK_SYNTHESIS_TIMEOUT_MS,
  );

  it(
    'finds nothing unacknowledged with an existing test-set bucket',
    () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'cdk-nag-config-')), 'config.json');
      writeFileSync(
        file,
        JSON.stringify({ instances: [{ id: 'a' }], testSetBucket: { name: 'team-test-sets' } }),
      );
      expect(nagFindings((app) => upgrader(app, file))).toEqual([]);
    },
    STACK_SYNTHESIS_TIMEOUT_MS,
  );

  it('reports both errors and warnings it is not told about (the check above can fail)', () => {
    const findings = nagFindings((app) => {
      const stack = new Stack(app, 'Bad');
      new dynamodb.Table(stack, 'NoRecovery', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      });
      new iam.Role(stack, 'Managed', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
      });
    });
    expect(findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['AwsSolutions-DDB3', expect.stringMatching(/^AwsSolutions-IAM4\[/)]),
    );
  });

  it(
    'gives every acknowledgement a reason',
    () => {
      const app = new App({
        outdir: mkdtempSync(path.join(tmpdir(), 'cdk-nag-')),
        context: { 'aws:cdk:bundling-stacks': [] },
      });
      const stack = upgrader(app, 'lib/config/example.json');
      const acknowledged = stack.node
        .findAll()
        .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
        .flatMap((m) => Object.entries(m.data as Record<string, string>));
      // Each kind of finding the upgrader accepts (see lib/nag-suppressions.ts and the constructs) is acknowledged where it arises.
      expect([...new Set(acknowledged.map(([rule]) => rule.replace(/\[.*$/, '')))].sort()).toEqual([
        'Annotation::AwsSolutions-IAM5',
        'Annotation::AwsSolutions-L1',
        'Annotation::AwsSolutions-S1',
        'Annotation::AwsSolutions-SMG4',
        'Annotation::AwsSolutions-SQS3',
      ]);
      for (const [rule, reason] of acknowledged) expect(reason.length, rule).toBeGreaterThan(40);
    },
    STACK_SYNTHESIS_TIMEOUT_MS,
  );
});
