import { connectionUsage } from '#cli/flags/connection-flags.js';
import { fleetSelectionUsage } from '#cli/flags/fleet-flags.js';
import type { CliCommand } from './command.js';
import type { CommandIo } from './command-io.js';
import { type FleetCommandDeps, fleetCommand } from './fleet-command.js';
import { upgradeFlags } from './fleet-options.js';
import { awsFleetUsage, localRunUsage } from './fleet-usage.js';

export const upgradeUsage = `usage: stt-upgrader upgrade --yes <connection> [selection] [--json] [--data-dir DIR]
       stt-upgrader upgrade --yes --aws --fleet-state-machine-arn ARN [selection] [--region R]
                            [--endpoint URL] [--name NAME] [--json]
       stt-upgrader upgrade --yes --aws --unit-state-machine-arn ARN --instance-id ID [--language-model ID]
                            [--acoustic-model ID[:paired] ...] [--target ...] [--region R] [--name NAME] [--json]

Runs the fleet state machine on this machine against the instance and upgrades every model
behind, showing progress as it goes (a table redrawn on a terminal, a line per milestone in a
log, a heartbeat at least every minute), then prints each model's outcome. Nothing is asked:
--yes is required (use plan first to see what would change). With --aws, starts the deployed
fleet state machine, or one unit, with your AWS credentials and prints the execution and its
console link.

  --yes                            upgrade for real (required)

selection (what the fleet run considers):
${fleetSelectionUsage}

${localRunUsage}

${awsFleetUsage}
  --unit-state-machine-arn ARN     start one unit on the deployed unit state machine instead
  --language-model ID              the unit's language model
  --acoustic-model ID[:paired]     the unit's acoustic models (repeatable); ':paired' when trained with --language-model

<connection>:
${connectionUsage}

Exit codes: 0 upgraded, 1 a model failed or the run failed, 2 usage.
`;

/** `stt-upgrader upgrade`: upgrades the models behind, on this machine or through the deployed state machines. */
export function upgradeCommand(args: string[], io: CommandIo, deps: FleetCommandDeps = {}): Promise<number> {
  return fleetCommand('upgrade', upgradeUsage, args, io, deps);
}

export const upgradeSpec: CliCommand = {
  words: ['upgrade'],
  synopsis: 'upgrade --yes <connection> [...]',
  summary: 'upgrade the models behind',
  flags: upgradeFlags,
  usage: upgradeUsage,
  run: (args, io) => upgradeCommand(args, io),
};
