import { z } from 'zod';
import { connectionArgs, connectionFlagsSchema } from '#cli/flags/connection-flags.js';
import { fleetSelectionArgs, fleetSelectionSchema, fleetSelectionUsage } from '#cli/flags/fleet-flags.js';
import { parseFlags } from '#cli/flags/parse-flags.js';

export const localUsage = `usage: npm start [-- options]

Runs the upgrader on this machine: the synthesized state machines, the handlers in-process,
DynamoDB emulated under --data-dir. Without --service-url it runs against the built-in
IBM Speech to Text simulator and its demo fleet.

  --json                      print the result as JSON (no live progress)
  --time-scale N              simulated seconds per second against the simulator (default 1000)
  --data-dir DIR              where local history is kept (default .local-data)
  --fresh                     forget earlier local history first
  --service-url URL           a real IBM Speech to Text instance instead of the simulator
  --auth iam|cp4d|bearer|basic|none   how to authenticate (default iam)
  --apikey KEY                IAM or Cloud Pak for Data API key
  --username U --password P   Cloud Pak for Data or basic credentials
  --token T                   a static bearer token
  --auth-url URL              IAM token URL or Cloud Pak for Data authorize URL
  --disable-ssl-verification  for clusters with private certificate authorities
  --yes                       against a real instance, upgrade; without it only plan (a dry run)
  -h, --help                  this help

With --service-url, the fleet state machine plans and runs the units as \`stt-upgrader upgrade\`
does; these choose what it considers:
${fleetSelectionUsage}
`;

/** The flags `npm start` accepts, as its parser reads them. */
export const localFlags = {
  json: { type: 'boolean' },
  'time-scale': { type: 'string' },
  'data-dir': { type: 'string' },
  fresh: { type: 'boolean' },
  ...connectionArgs,
  ...fleetSelectionArgs,
  yes: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flags that only mean something against a real instance. */
const instanceOnlyFlags = [
  'instance-id',
  'base-model',
  'model',
  'pairing',
  'release-date',
  'target',
  'retrain',
  'no-strict',
  'yes',
] as const satisfies readonly (keyof typeof fleetSelectionArgs | 'yes')[];

/** Whether a parsed flag was on the command line: defaults are false, empty or absent. */
function given(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return value !== undefined && value !== false;
}

const optionsSchema = z
  .object({
    json: z.boolean().default(false),
    'time-scale': z.coerce.number().positive().max(1_000_000).default(1000),
    'data-dir': z.string().min(1).default('.local-data'),
    fresh: z.boolean().default(false),
    ...connectionFlagsSchema.shape,
    ...fleetSelectionSchema.shape,
    yes: z.boolean().default(false),
    help: z.boolean().default(false),
  })
  .superRefine((options, ctx) => {
    if (options['service-url']) return;
    for (const flag of instanceOnlyFlags)
      if (given(options[flag]))
        ctx.addIssue({ code: 'custom', path: [flag], message: 'is only used with --service-url' });
  });
export type LocalOptions = z.infer<typeof optionsSchema>;

/** Parses `npm start` arguments; unknown flags and bad values are `InvalidInput` naming the flag. */
export function parseLocalOptions(argv: readonly string[]): LocalOptions {
  return parseFlags(argv, localFlags, optionsSchema);
}
