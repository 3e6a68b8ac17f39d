import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SimulatorAuth } from './auth.js';
import { fleetSeedSchema } from './fleet-schema.js';
import { describeZodIssues } from './issues.js';
import type { SimulatorOptions } from './server.js';

export const usage = `usage: simulator [--port N] [--time-scale N] [--auth none|iam|basic|cp4d] [--apikey KEY]
                 [--username NAME] [--password PASSWORD] [--seed N] [--fleet FILE]
                 [--already-up-to-date reject|no-op] [--platform cloud|cpd]

An IBM Speech to Text simulator: the customization API and /v1/recognize, as the official SDK and
curl use them, on 127.0.0.1.

  --port N                      port to listen on (default: a free one, printed)
  --time-scale N                upgrades and training take 1/N of their real duration (default 1)
  --auth none|iam|basic|cp4d    how clients authenticate (default none)
  --apikey KEY                  the IAM or basic API key (also a Cloud Pak for Data key)
  --username NAME               Cloud Pak for Data user
  --password PASSWORD           Cloud Pak for Data password
  --seed N                      seeds every random choice (default 0)
  --fleet FILE                  custom models to start with (JSON, as simulator/fleets/demo.json)
  --already-up-to-date MODE     reject (IBM's 400, default) or no-op for a model already upgraded
  --platform cloud|cpd          cpd refuses train?force=true (default from --auth)
  -h, --help                    this help

Controls (no auth), under /_simulator/:
  POST   fleet                         {"baseModels":[{"name","versions":[...]}],"languageModels":[...],"acousticModels":[...]}
  POST   base_models/NAME/versions     {"version":"v2026-11-24"}  IBM releases a version
  POST   base_models/NAME/withdrawn    {"version":"v2026-11-24"}  recognition with it ignores customizations
  POST   faults                        {"faults":[{"kind":"status","status":429|500|502|503|400|409,"error"?,"match"?,"times"?,"rate"?},
                                                   {"kind":"latency","ms":N,...}, {"kind":"drop",...},
                                                   {"kind":"upgrade-fails","match"?,"error"?},
                                                   {"kind":"lose-answer","answer":"reset|502|504",...}]}
                                       "match": {"operation"?,"customizationId"?}
  DELETE faults                        clears them
  POST   models/ID/invalid-resources   {"corpora"?:[...],"words"?:[...],"grammars"?:[...],"error"?}
  GET    models/ID                     the model as the simulator holds it
  POST   recognition/references        {"references":[{"sha256":"<SHA-256 of the audio bytes>","text":"what it says"}]}
  POST   recognition/profiles          {"profiles":[{"baseModel"|"customizationId","version"?,"wordErrorRate"?,
                                                     "drops"?:["word"],"confuses"?:{"word":"other"}}]}
  GET    requests | DELETE requests    the request log
  GET    stats                         counts, lost answers, recognised minutes
  POST   reset                         forget every model, fault and log

Audio without a registered reference is answered with seeded random words, and a warning is
printed here once per audio file.`;

/** The flags the simulator accepts, as its parser reads them. */
export const simulatorFlags = {
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
  help: { type: 'boolean', short: 'h' },
} as const;

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
      options: simulatorFlags,
    });
    // --help is answered before parsing; here it is only accepted.
    const { help: _help, ...strings } = parsed.values;
    values = strings;
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
