import { readFileSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { type DeployConfig, deployConfigSchema } from './deploy-config.js';

/** Thrown for a deploy configuration that cannot be used; `cdk synth` prints the message and stops. */
export class DeployConfigError extends Error {
  override readonly name = 'DeployConfigError';
}

/**
 * The deploy configuration from `-c config=<file.json>`, or inline from the `sttUpgrader` context
 * key of cdk.json. Every problem is reported in one message that names the field.
 */
export function loadDeployConfig(app: App): DeployConfig {
  const file = app.node.tryGetContext('config');
  const inline = app.node.tryGetContext('sttUpgrader');
  if (typeof file === 'string') return parseDeployConfig(readJson(file), `config file ${file}`);
  if (inline !== undefined) return parseDeployConfig(inline, 'cdk.json context sttUpgrader');
  throw new DeployConfigError(
    'No deploy configuration: pass -c config=<file.json> or set the sttUpgrader context key',
  );
}

export function parseDeployConfig(raw: unknown, source: string): DeployConfig {
  const parsed = deployConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || '(top level)';
    // Zod reports unknown keys on their parent object: name them, so the line points at the typo.
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (field === '(top level)' ? key : `${field}.${key}`));
      return `  ${keys.join(', ')}: unknown field (check its spelling and place)`;
    }
    return `  ${field}: ${issue.message}`;
  });
  throw new DeployConfigError(`Invalid deploy configuration in ${source}:\n${lines.join('\n')}`);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DeployConfigError(`Cannot read deploy configuration ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DeployConfigError(`Deploy configuration ${file} is not JSON: ${(error as Error).message}`);
  }
}
