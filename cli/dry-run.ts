import { connectionUsage } from '#cli/flags/connection-flags.js';
import { fleetSelectionUsage } from '#cli/flags/fleet-flags.js';
import type { CliCommand } from './command.js';
import type { CommandIo } from './command-io.js';
import { type FleetCommandDeps, fleetCommand } from './fleet-command.js';
import { dryRunFlags } from './fleet-options.js';
import { awsFleetUsage, localRunUsage } from './fleet-usage.js';

export const dryRunUsage = `usage: stt-upgrader plan <connection> [selection] [--json] [--data-dir DIR]
       stt-upgrader plan --aws --fleet-state-machine-arn ARN [selection] [--region R] [--endpoint URL]
                         [--name NAME] [--json]

Runs the fleet state machine on this machine as a dry run against the instance and prints the
plan: the units, their models, which are behind and why. Nothing is upgraded; history is kept
under --data-dir (default .local-data). With --aws, starts the deployed fleet state machine as
a dry run with your AWS credentials and prints the execution and its console link: the smoke
test after a deploy.

selection (what the fleet run considers):
${fleetSelectionUsage}

${localRunUsage}

${awsFleetUsage}

<connection>:
${connectionUsage}

Exit codes: 0 planned, 1 the run failed, 2 usage.
`;

/** `stt-upgrader plan`: what an upgrade would do, from a dry run of the fleet state machine. */
export function dryRunCommand(args: string[], io: CommandIo, deps: FleetCommandDeps = {}): Promise<number> {
  return fleetCommand('plan', dryRunUsage, args, io, deps);
}

export const dryRunSpec: CliCommand = {
  words: ['plan'],
  synopsis: 'plan <connection> [...]',
  summary: 'what an upgrade would do (a dry run)',
  flags: dryRunFlags,
  usage: dryRunUsage,
  run: (args, io) => dryRunCommand(args, io),
};
