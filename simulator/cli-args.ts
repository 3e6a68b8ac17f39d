import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SimulatorAuth } from './auth.js';
import { fleetSeedSchema } from './fleet-schema.js';
import { describeZodIssues } from './issues.js';
import type { SimulatorOptions } from './server.js';

export const usage = `usage: simulator [--port N] [--time-scale N] [--auth none|iam|basic|cp4d] [--apikey KEY]
                 [--username NAME] [--password PASSWORD] [--seed N] [--fleet FILE]
                 [--already-up-to-date reject|no-op] [--platform cloud|cpd]`;

/** A command-line mistake; the message names the flag. */
export class CliError extends Error {}

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new CliError(`--${flag} must be an integer from ${min} to ${max}, got '${value}'`);
  }
  return n;
}

function authFrom(values: Record<string, string | undefined>): SimulatorAuth {
  const { auth = 'none', apikey, username, password } = values;
  switch (auth) {
    case 'none':
      return { kind: 'none' };
    case 'iam':
    case 'basic':
      if (!apikey) throw new CliError(`--auth ${auth} needs --apikey`);
      return { kind: auth, apikey };
    case 'cp4d':
      if (!username) throw new CliError('--auth cp4d needs --username');
      if (!password && !apikey) throw new CliError('--auth cp4d needs --password or --apikey');
      return { kind: 'cp4d', username, ...(password ? { password } : {}), ...(apikey ? { apikey } : {}) };
    default:
      throw new CliError(`--auth must be one of none, iam, basic, cp4d; got '${auth}'`);
  }
}

function fleetFrom(file: string | undefined): SimulatorOptions['fleet'] {
  if (file === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`--fleet ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = fleetSeedSchema.safeParse(json);
  if (!result.success) throw new CliError(`--fleet ${file}: ${describeZodIssues(result.error).join('; ')}`);
  return result.data;
}

/** Turns the command line into simulator options, or throws a `CliError` naming the bad flag. */
export function parseCli(args: readonly string[]): SimulatorOptions {
  let values: Record<string, string | undefined>;
  try {
    const parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'time-scale': { type: 'string' },
        auth: { type: 'string' },
        apikey: { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        seed: { type: 'string' },
        fleet: { type: 'string' },
        'already-up-to-date': { type: 'string' },
        platform: { type: 'string' },
      },
    });
    values = parsed.values;
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const timeScaleText = values['time-scale'];
  const timeScale = timeScaleText === undefined ? undefined : Number(timeScaleText);
  if (timeScale !== undefined && !(Number.isFinite(timeScale) && timeScale > 0)) {
    throw new CliError(`--time-scale must be a positive number, got '${timeScaleText}'`);
  }
  const upToDate = values['already-up-to-date'];
  if (upToDate !== undefined && upToDate !== 'reject' && upToDate !== 'no-op') {
    throw new CliError(`--already-up-to-date must be reject or no-op, got '${upToDate}'`);
  }
  const platform = values.platform;
  if (platform !== undefined && platform !== 'cloud' && platform !== 'cpd') {
    throw new CliError(`--platform must be cloud or cpd, got '${platform}'`);
  }
  const options: SimulatorOptions = { auth: authFrom(values) };
  if (platform !== undefined) options.platform = platform;
  const port = integer('port', values.port, 0, 65535);
  const seed = integer('seed', values.seed, 0, 2 ** 32 - 1);
  const fleet = fleetFrom(values.fleet);
  if (port !== undefined) options.port = port;
  if (seed !== undefined) options.seed = seed;
  if (timeScale !== undefined) options.timeScale = timeScale;
  if (upToDate !== undefined) options.alreadyUpToDate = upToDate;
  if (fleet !== undefined) options.fleet = fleet;
  return options;
}
