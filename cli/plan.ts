import { connectionUsage } from '#local/connection-flags.js';
import type { CommandIo } from './command-io.js';
import { type FleetCommandDeps, fleetCommand } from './fleet-command.js';

export const planUsage = `usage: stt-upgrader plan [--instance-id ID] [--base-model NAME ...] [--model CUSTOMIZATION_ID ...]
                         [--pairing AM_ID=LM_ID ...] [--release-date BASE=YYYY-MM-DD ...]
                         [--target BASE=vYYYY-MM-DD ...] [--json] [--data-dir DIR] <connection>
       stt-upgrader plan --aws --fleet-state-machine-arn ARN [--instance-id ID] [--base-model NAME ...]
                         [--model CUSTOMIZATION_ID ...] [--release-date ...] [--target ...]
                         [--region R] [--name NAME] [--json]

Runs the fleet state machine on this machine as a dry run against the instance and prints the
plan: the units, their models, which are behind and why. Nothing is upgraded; history is kept
under --data-dir (default .local-data). With --aws, starts the deployed fleet state machine as
a dry run with your AWS credentials and prints the execution and its console link.

  --release-date BASE=YYYY-MM-DD   an announced release: models of BASE older than it are behind
  --target BASE=vYYYY-MM-DD        the version models of BASE should reach
  --pairing AM_ID=LM_ID            an acoustic model and the language model it was trained with

<connection>:
${connectionUsage}
`;

/** `stt-upgrader plan`: what an upgrade would do, from a dry run of the fleet state machine. */
export function planCommand(args: string[], io: CommandIo, deps: FleetCommandDeps = {}): Promise<number> {
  return fleetCommand('plan', planUsage, args, io, deps);
}
