import { z } from 'zod';
import { connectionArgs, connectionFlagsSchema } from '#cli/flags/connection-flags.js';
import { fleetSelectionArgs, fleetSelectionSchema } from '#cli/flags/fleet-flags.js';
import { parseFlags } from '#cli/flags/parse-flags.js';
import { customizationIdSchema } from '#core/unit/unit-input.js';

/** Which command parses: `plan` takes no `--yes` and never starts a single unit. */
export type FleetCommandName = 'plan' | 'upgrade';

/** The flags `plan` accepts. */
export const dryRunFlags = {
  ...fleetSelectionArgs,
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
  'time-scale': { type: 'string' },
  aws: { type: 'boolean' },
  'fleet-state-machine-arn': { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  name: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  ...connectionArgs,
} as const;

/** The flags `upgrade` accepts: `plan`'s, `--yes`, and one unit's models for the deployed unit state machine. */
export const upgradeFlags = {
  ...dryRunFlags,
  yes: { type: 'boolean' },
  'unit-state-machine-arn': { type: 'string' },
  'language-model': { type: 'string' },
  'acoustic-model': { type: 'string', multiple: true },
} as const;

const acousticModelSchema = z
  .string()
  .regex(/^[^:]+(:paired)?$/, 'must be ID or ID:paired')
  .transform((text) => text.split(':'))
  .pipe(z.tuple([customizationIdSchema], z.literal('paired')))
  .transform(([customizationId, paired]) => ({
    customizationId,
    trainedWithLanguageModel: paired === 'paired',
  }));

const stateMachineArnSchema = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/,
    'must be a state machine ARN (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME)',
  );

const optionsSchema = connectionFlagsSchema
  .extend({
    ...fleetSelectionSchema.shape,
    json: z.boolean().default(false),
    'data-dir': z.string().min(1).default('.local-data'),
    'time-scale': z.coerce.number().positive().max(1_000_000).optional(),
    aws: z.boolean().default(false),
    'fleet-state-machine-arn': stateMachineArnSchema.optional(),
    'unit-state-machine-arn': stateMachineArnSchema.optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as eu-west-1')
      .optional(),
    endpoint: z.url().optional(),
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,80}$/, 'must be 1-80 letters, digits, - or _')
      .optional(),
    'language-model': customizationIdSchema.optional(),
    'acoustic-model': z.array(acousticModelSchema).default([]),
    yes: z.boolean().default(false),
    help: z.boolean().default(false),
  })
  .superRefine((o, ctx) => {
    const issue = (flag: string, message: string) => ctx.addIssue({ code: 'custom', path: [flag], message });
    const fleetArn = o['fleet-state-machine-arn'];
    const unitArn = o['unit-state-machine-arn'];
    if (o.aws) {
      if (!fleetArn && !unitArn) issue('fleet-state-machine-arn', 'is required with --aws');
      if (fleetArn && unitArn)
        issue('unit-state-machine-arn', 'cannot be used with --fleet-state-machine-arn');
      if (o['service-url'])
        issue(
          'service-url',
          'is not used with --aws: the deployed upgrader reads its instances from its configuration',
        );
      if (o.pairing.length > 0)
        issue('pairing', 'is not used with --aws: the deployed configuration declares the pairings');
      if (o['time-scale'] !== undefined)
        issue('time-scale', 'is for a run on this machine against the simulator, not with --aws');
    } else {
      if (!o['service-url'])
        issue('service-url', 'is required (or --aws to start the deployed state machine)');
      for (const flag of [
        'fleet-state-machine-arn',
        'unit-state-machine-arn',
        'region',
        'endpoint',
        'name',
      ] as const)
        if (o[flag] !== undefined) issue(flag, 'is only used with --aws');
    }
    if (unitArn) {
      if (!o['instance-id']) issue('instance-id', 'is required with --unit-state-machine-arn');
      for (const flag of ['base-model', 'model', 'release-date'] as const)
        if (o[flag] !== undefined && Object.keys(o[flag]).length > 0)
          issue(flag, 'is for fleet runs, not with --unit-state-machine-arn');
    } else {
      if (o['language-model']) issue('language-model', 'is only used with --unit-state-machine-arn');
      if (o['acoustic-model'].length > 0)
        issue('acoustic-model', 'is only used with --unit-state-machine-arn');
    }
  });
export type FleetCommandOptions = z.infer<typeof optionsSchema>;

/** Parses `plan` or `upgrade` arguments; a bad one is `InvalidInput` naming each flag. */
export function parseFleetCommandOptions(
  command: FleetCommandName,
  args: readonly string[],
): FleetCommandOptions {
  return parseFlags(args, command === 'plan' ? dryRunFlags : upgradeFlags, optionsSchema);
}
