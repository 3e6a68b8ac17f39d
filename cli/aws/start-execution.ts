import { SfnExecutionStarter } from '#adapters/execution-starter.js';
import type { CommandIo } from '#cli/command-io.js';
import { fleetInputFromSelection } from '#cli/flags/fleet-flags.js';
import type { FleetCommandName, FleetCommandOptions } from '#cli/fleet-options.js';
import { describeIssues } from '#core/contract/parse.js';
import type { FleetInput } from '#core/fleet/fleet-input.js';
import type { FleetStart } from '#core/release/trigger-ports.js';
import { type UpgradeUnitInput, upgradeUnitInputSchema } from '#core/unit/unit-input.js';

/** The region a state machine ARN names: `arn:aws:states:<region>:...`. */
function regionOf(arn: string): string {
  return arn.split(':')[3] ?? '';
}

/** The Step Functions console page of an execution. */
export function consoleLink(region: string, executionArn: string): string {
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

/** Flags of the unit input, by the input field they fill, for messages that name the flag. */
const unitFlagOf: Record<string, string> = {
  instanceId: '--instance-id',
  languageModelId: '--language-model',
  acousticModels: '--acoustic-model',
  options: '--target',
};

/**
 * `--aws`: starts the deployed fleet (or unit) state machine with the caller's AWS credentials and
 * prints the execution ARN and its console link. Exit codes: 0 started, 1 not started, 2 bad input.
 */
export async function startOnAws(
  command: FleetCommandName,
  options: FleetCommandOptions,
  io: CommandIo,
  stamp: string,
): Promise<number> {
  const name = options.name ?? `manual-${stamp}`;
  const trigger = { type: 'manual' as const, id: `cli-${stamp}` };
  const unitArn = options['unit-state-machine-arn'];
  const stateMachineArn = unitArn ?? options['fleet-state-machine-arn'] ?? '';
  const region = options.region ?? regionOf(stateMachineArn);
  const endpoint = { region, ...(options.endpoint ? { endpoint: options.endpoint } : {}) };

  let input: unknown;
  let start: () => Promise<FleetStart>;
  let destroy: () => void;
  if (unitArn) {
    const parsed = upgradeUnitInputSchema.safeParse({
      instanceId: options['instance-id'],
      ...(options['language-model'] ? { languageModelId: options['language-model'] } : {}),
      acousticModels: options['acoustic-model'],
      trigger,
      options: { targetVersions: options.target },
    });
    if (!parsed.success) {
      const issues = describeIssues(parsed.error).map((issue) => {
        const field = issue.split(/[.:]/)[0] ?? '';
        return unitFlagOf[field] ? `${unitFlagOf[field]} (${issue})` : issue;
      });
      io.stderr(`the unit input is invalid:\n${issues.join('\n')}\n`);
      return 2;
    }
    const unit = parsed.data;
    input = unit;
    const starter = new SfnExecutionStarter<UpgradeUnitInput>({ stateMachineArn, ...endpoint });
    start = () => starter.start(unit, name);
    destroy = () => starter.destroy();
  } else {
    const fleet = fleetInputFromSelection(
      options,
      trigger,
      command === 'plan',
      options['instance-id'] ? [options['instance-id']] : undefined,
    );
    input = fleet;
    const starter = new SfnExecutionStarter<FleetInput>({ stateMachineArn, ...endpoint });
    start = () => starter.start(fleet, name);
    destroy = () => starter.destroy();
  }

  try {
    const started = await start();
    if (!started.started) {
      io.stderr(
        `an execution named ${name} already exists for ${stateMachineArn}; ` +
          `nothing was started (pick another --name to run again)\n${started.message}\n`,
      );
      return 1;
    }
    const link = consoleLink(region, started.executionArn);
    io.stdout(
      options.json
        ? `${JSON.stringify({ executionArn: started.executionArn, name, consoleUrl: link, input }, null, 2)}\n`
        : `Started ${started.executionArn}\n${link}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`cannot start the execution: ${(error as Error).message}\n`);
    return 1;
  } finally {
    destroy();
  }
}
