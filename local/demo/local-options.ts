import { z } from 'zod';
import { customizationIdSchema, instanceIdSchema } from '#core/upgrade-unit.js';
import { connectionArgs, connectionFlagsSchema } from '#local/connection-flags.js';
import { parseFlags } from '#local/parse-flags.js';

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
  --instance-id ID            name of the instance in history (default local)
  --pairing AM_ID=LM_ID       an acoustic model and the language model it was trained with (repeatable)
  --yes                       against a real instance, upgrade; without it only plan
`;

const pairingSchema = z
  .string()
  .transform((text) => text.split('='))
  .pipe(z.tuple([customizationIdSchema, customizationIdSchema]))
  .transform(([acousticModelId, languageModelId]) => ({ acousticModelId, languageModelId }));

const optionsSchema = z.object({
  json: z.boolean().default(false),
  'time-scale': z.coerce.number().positive().max(1_000_000).default(1000),
  'data-dir': z.string().min(1).default('.local-data'),
  fresh: z.boolean().default(false),
  ...connectionFlagsSchema.shape,
  'instance-id': instanceIdSchema.default('local'),
  pairing: z.array(pairingSchema).default([]),
  yes: z.boolean().default(false),
  help: z.boolean().default(false),
});
export type LocalOptions = z.infer<typeof optionsSchema>;

/** Parses `npm start` arguments; unknown flags and bad values are `InvalidInput` naming the flag. */
export function parseLocalOptions(argv: readonly string[]): LocalOptions {
  return parseFlags(
    argv,
    {
      json: { type: 'boolean' },
      'time-scale': { type: 'string' },
      'data-dir': { type: 'string' },
      fresh: { type: 'boolean' },
      ...connectionArgs,
      'instance-id': { type: 'string' },
      pairing: { type: 'string', multiple: true },
      yes: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    optionsSchema,
  );
}
