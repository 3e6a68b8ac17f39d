import { connectionUsage } from '#local/connection-flags.js';
import type { CommandIo } from './command-io.js';
import { type FleetCommandDeps, fleetCommand } from './fleet-command.js';

export const upgradeUsage = `usage: stt-upgrader upgrade --yes [--instance-id ID] [--base-model NAME ...] [--model CUSTOMIZATION_ID ...]
                            [--pairing AM_ID=LM_ID ...] [--release-date BASE=YYYY-MM-DD ...]
                            [--target BASE=vYYYY-MM-DD ...] [--json] [--data-dir DIR] <connection>
       stt-upgrader upgrade --yes --aws --fleet-state-machine-arn ARN [--instance-id ID] [--base-model NAME ...]
                            [--model CUSTOMIZATION_ID ...] [--release-date ...] [--target ...]
                            [--region R] [--name NAME] [--json]
       stt-upgrader upgrade --yes --aws --unit-state-machine-arn ARN --instance-id ID [--language-model ID]
                            [--acoustic-model ID[:paired] ...] [--target ...] [--region R] [--name NAME] [--json]

Runs the fleet state machine on this machine against the instance and upgrades every model
behind, then prints each model's outcome. Nothing is asked: --yes is required (use plan first
to see what would change). With --aws, starts the deployed fleet state machine, or one unit,
with your AWS credentials and prints the execution and its console link.

  --release-date BASE=YYYY-MM-DD   an announced release: models of BASE older than it are behind
  --target BASE=vYYYY-MM-DD        the version models of BASE should reach
  --pairing AM_ID=LM_ID            an acoustic model and the language model it was trained with
  --acoustic-model ID[:paired]     ':paired' when it was trained with --language-model

<connection>:
${connectionUsage}
`;

/** `stt-upgrader upgrade`: upgrades the models behind, on this machine or through the deployed state machines. */
export function upgradeCommand(args: string[], io: CommandIo, deps: FleetCommandDeps = {}): Promise<number> {
  return fleetCommand('upgrade', upgradeUsage, args, io, deps);
}
