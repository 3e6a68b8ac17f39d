import { systemClock } from '#adapters/system-clock.js';
import { fleetInputFromSelection, localFleetTarget } from '#cli/flags/fleet-flags.js';
import { flagProblems } from '#cli/flags/parse-flags.js';
import type { Clock } from '#core/contract/clock.js';
import { InvalidInputError } from '#core/contract/errors.js';
import { RunInterruptedError, resumeHint } from '#local/interrupt.js';
import { withLocalUpgrader } from '#local/local-fleet-run.js';
import { ScaledClock } from '#local/scaled-clock.js';
import { startOnAws } from './aws/start-execution.js';
import type { CommandIo } from './command-io.js';
import {
  type FleetCommandName,
  type FleetCommandOptions,
  parseFleetCommandOptions,
} from './fleet-options.js';
import { nameStamp } from './name-stamp.js';
import { formatPlan } from './report/plan-report.js';
import { planLocally } from './report/plan-report-data.js';
import { progressReporter } from './report/progress-view.js';
import { formatRunReport } from './report/run-report.js';
import { type RunReport, upgradeLocally } from './report/run-report-data.js';

/** What a command takes from its surroundings; tests pass a compressed clock. */
export interface FleetCommandDeps {
  /** Drives the state machines' waits and the history's timestamps. Default: the system clock. */
  readonly clock?: Clock;
  /** When the command runs, for execution names and trigger ids. Default: now. */
  readonly now?: () => Date;
}

/**
 * `plan` and `upgrade`: the fleet state machine on this machine against an instance (a dry run for
 * `plan`), or with `--aws` the deployed state machine. Exit codes: 0 done, 1 failed, 2 usage,
 * 130 stopped with Ctrl+C (the runs are closed and their claims released).
 */
export async function fleetCommand(
  command: FleetCommandName,
  usage: string,
  args: string[],
  io: CommandIo,
  deps: FleetCommandDeps,
): Promise<number> {
  let options: FleetCommandOptions;
  try {
    options = parseFleetCommandOptions(command, args);
  } catch (error) {
    io.stderr(`${flagProblems(error)}\n${usage}`);
    return 2;
  }
  if (command === 'upgrade' && !options.yes) {
    io.stderr(
      `upgrade changes the models of ${options.aws ? 'the deployed instances' : options['service-url']}: ` +
        'add --yes to upgrade, or use `stt-upgrader plan` to see what would be upgraded\n',
    );
    return 2;
  }
  const stamp = nameStamp((deps.now ?? (() => new Date()))());
  if (options.aws) return startOnAws(command, options, io, stamp);

  const scale = options['time-scale'];
  const clock = deps.clock ?? (scale ? new ScaledClock(scale) : systemClock);
  const trigger = { type: 'manual' as const, id: `cli-${stamp}` };
  const input = fleetInputFromSelection(options, trigger, command === 'plan');
  try {
    // A plan is quick and prints its own table; an upgrade shows its progress as it goes.
    const progress = progressReporter({
      simulated: scale !== undefined,
      nowMs: () => clock.now().getTime(),
      statusOf: () => undefined,
      quiet: options.json || command === 'plan',
      write: (text) => io.stdout(text),
    });
    return await withLocalUpgrader(
      `stt-upgrader ${command}`,
      localFleetTarget(options),
      clock,
      async (run) => {
        if (command === 'plan') {
          const plan = await planLocally(run, input, `plan-${stamp}`);
          io.stdout(options.json ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan));
          return plan.status === 'FleetHadFailures' ? 1 : 0;
        }
        const name = `upgrade-${stamp}`;
        if (!options.json)
          io.stdout(
            `Fleet run ${name}: ${run.models.length} models on ${run.instanceId}, upgrading the models behind\n\n`,
          );
        progress.view.start();
        let report: RunReport;
        try {
          report = await upgradeLocally(run, input, name, clock);
        } finally {
          progress.view.stop();
        }
        io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : `\n${formatRunReport(report)}`);
        return report.summary.failed > 0 || report.fleet.status === 'FleetHadFailures' ? 1 : 0;
      },
      progress,
    );
  } catch (error) {
    if (error instanceof RunInterruptedError) {
      io.stderr(resumeHint);
      return 130;
    }
    if (error instanceof InvalidInputError) {
      io.stderr(`${error.issues.join('\n')}\n${usage}`);
      return 2;
    }
    io.stderr(`${command} failed: ${(error as Error).message}\n`);
    return 1;
  }
}
