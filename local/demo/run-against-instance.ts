import { progressReporter } from '#cli/report/progress-view.js';
import { formatRunReport } from '#cli/report/run-report.js';
import type { Clock } from '#core/clock.js';
import { InvalidInputError } from '#core/errors.js';
import { newestVersionsSeen } from '#core/newest-versions.js';
import { unitOptionsSchema } from '#core/upgrade-unit.js';
import { groupIntoUnits } from '#core/upgrade-units.js';
import { connectionFromFlags } from '#local/connection-flags.js';
import { startLocalUpgrader } from '#local/local-upgrader.js';
import { measured, runUnits } from '#local/run-units.js';
import type { LocalOptions } from './local-options.js';

/**
 * `npm start -- --service-url ...`: the same workflow against a real instance. Without `--yes`
 * every unit runs as a dry run: models are read, nothing is upgraded, the plan is recorded.
 */
export async function runAgainstInstance(
  options: LocalOptions,
  dynamoEndpoint: string,
  clock: Clock,
): Promise<number> {
  const instanceId = options['instance-id'];
  const out = (text: string) => process.stdout.write(text);
  const { tracker, view, onEvent } = progressReporter({
    nowMs: () => clock.now().getTime(),
    statusOf: () => undefined,
    quiet: options.json,
    write: out,
  });
  const upgrader = await startLocalUpgrader({
    instances: [{ id: instanceId, connection: connectionFromFlags(options), pairings: options.pairing }],
    dynamoEndpoint,
    clock,
    onEvent,
  });
  const stt = await upgrader.stt(instanceId);
  const [languageModels, acousticModels] = await Promise.all([
    stt.listLanguageModels(),
    stt.listAcousticModels(),
  ]);
  for (const model of [...languageModels, ...acousticModels]) tracker.introduce(model);
  const { units, problems } = groupIntoUnits({
    instanceId,
    languageModels,
    acousticModels,
    pairings: options.pairing,
    trigger: { type: 'manual', id: 'npm-start' },
    options: unitOptionsSchema.parse({
      dryRun: !options.yes,
      targetVersions: newestVersionsSeen([...languageModels, ...acousticModels]),
    }),
  });
  if (problems.length > 0) {
    throw new InvalidInputError(
      '--pairing',
      problems.map((p) => p.problem),
    );
  }
  if (!options.json) {
    const mode = options.yes ? 'upgrading' : 'planning only (dry run; add --yes to upgrade)';
    out(
      `${languageModels.length + acousticModels.length} models in ${units.length} units on ${instanceId}: ${mode}\n\n`,
    );
  }
  view.start();
  const report = await measured(
    upgrader.history,
    () => clock.now().getTime(),
    () => runUnits(upgrader, units, `${instanceId}-${Date.now()}`),
    tracker,
  );
  view.stop();
  out(options.json ? `${JSON.stringify(report, null, 2)}\n` : `\n${formatRunReport(report)}`);
  return report.summary.failed > 0 ? 1 : 0;
}
