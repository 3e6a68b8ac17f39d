import { fleetInputFromSelection, localFleetTarget } from '#cli/flags/fleet-flags.js';
import { nameStamp } from '#cli/name-stamp.js';
import { progressReporter } from '#cli/report/progress-view.js';
import { formatRunReport } from '#cli/report/run-report.js';
import { upgradeLocally } from '#cli/report/run-report-data.js';
import type { Clock } from '#core/contract/clock.js';
import { withLocalUpgrader } from '#local/local-fleet-run.js';
import type { LocalOptions } from './local-options.js';

/**
 * `npm start -- --service-url ...`: the fleet state machine against a real instance, planned and run
 * exactly as `stt-upgrader upgrade` runs it. Without `--yes` the fleet is a dry run: models are read
 * and checked, nothing is upgraded, every decision is recorded.
 */
export async function runAgainstInstance(options: LocalOptions, clock: Clock): Promise<number> {
  const out = (text: string) => process.stdout.write(text);
  const progress = progressReporter({
    simulated: false,
    nowMs: () => clock.now().getTime(),
    statusOf: () => undefined,
    quiet: options.json,
    write: out,
  });
  const stamp = nameStamp(clock.now());
  const input = fleetInputFromSelection(options, { type: 'manual', id: 'npm-start' }, !options.yes);
  const report = await withLocalUpgrader(
    'npm start',
    localFleetTarget(options),
    clock,
    async (run) => {
      if (!options.json) {
        const mode = options.yes
          ? 'upgrading the models behind'
          : 'planning only (dry run; add --yes to upgrade)';
        out(`${run.models.length} models on ${run.instanceId}: ${mode}\n\n`);
      }
      progress.view.start();
      try {
        return await upgradeLocally(run, input, `npm-start-${stamp}`, clock);
      } finally {
        progress.view.stop();
      }
    },
    progress,
  );
  out(options.json ? `${JSON.stringify(report, null, 2)}\n` : `\n${formatRunReport(report)}`);
  return report.summary.failed > 0 || report.fleet.status === 'FleetHadFailures' ? 1 : 0;
}
