import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openObjectStore } from '#adapters/object-store/index.js';
import { publishWatchRunReport } from '#adapters/report/index.js';
import { parseSttConnection } from '#adapters/stt/index.js';
import { transcriptsUnder } from '#adapters/test-sets/transcript-store.js';
import { nameStamp } from '#cli/name-stamp.js';
import { formatMigrationStatus } from '#cli/report/migration-status-report.js';
import { progressReporter } from '#cli/report/progress-view.js';
import { formatRunReport } from '#cli/report/run-report.js';
import { fleetUnits, measured } from '#cli/report/run-report-data.js';
import { formatWatchModels, formatWatchRuns } from '#cli/report/watch-report.js';
import type { Notice } from '#core/contract/notifier.js';
import type { ModelPairing } from '#core/fleet/unit-grouping.js';
import type { MigrationRecord } from '#core/migration/index.js';
import { localBucketDirectory, settingsDirectoryUnder } from '#local/data-directory.js';
import type { SharedStore } from '#local/dynamodb/index.js';
import { stoppingOnInterrupt } from '#local/interrupt.js';
import { type LocalUpgrader, startLocalUpgrader } from '#local/local-upgrader.js';
import { ScaledClock } from '#local/scaled-clock.js';
import { startLocalTriggers } from '#local/triggers/index.js';
import { type FleetSeed, fleetSeedSchema, type RunningSimulator, startSimulator } from '#simulator/index.js';
import { demoReleaseNotes, demoReleaseNotesUrl } from './demo-release-notes.js';
import { demoRecognitionProfiles, writeDemoTestSets } from './demo-test-sets.js';
import { demoLsmModel, runDemoWatch, writeDemoLsmTestSet } from './demo-watch.js';
import type { LocalOptions } from './local-options.js';
import { migrationTestSetByModel, seedMigrationWorld } from './migration-world.js';

/** The base model the demo's release updates, whose models are upgraded with `upgrade_model`. */
export const demoBaseModel = 'en-US_BroadbandModel';
/** An improved next-generation base model the same release updates: its language models are retrained. */
export const demoImprovedBaseModel = 'en-US_Telephony';
const demoInstanceId = 'demo';

export function loadDemoFleet(): FleetSeed {
  const file = fileURLToPath(new URL('../simulator/fleets/demo.json', import.meta.url));
  return fleetSeedSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * The pairings an operator of the demo fleet would declare: the simulator knows which acoustic
 * model was trained with which language model, the upgrader only from configuration.
 */
export function demoPairings(fleet: FleetSeed): ModelPairing[] {
  return (fleet.acousticModels ?? []).flatMap((am) =>
    am.trainedWithLanguageModel && am.customizationId
      ? [{ acousticModelId: am.customizationId, languageModelId: am.trainedWithLanguageModel }]
      : [],
  );
}

/**
 * `npm start` with no service URL: the whole product on this machine. IBM (simulated) releases a
 * new version of a base model and announces it in its release notes; the watcher reads them,
 * stores the entry and puts a `Base Model Updated` event; on-release starts the fleet run, which
 * plans the units and upgrades them. An entry known from an earlier run is not announced again:
 * then the operator's manual fleet run does the same work.
 */
export async function runDemo(options: LocalOptions, store: SharedStore): Promise<number> {
  const clock = new ScaledClock(options['time-scale']);
  const today = clock.now().toISOString().slice(0, 10);
  const version = `v${today}`;
  const fleet = loadDemoFleet();
  const bucketDirectory = localBucketDirectory(options['data-dir']);
  const testSets = writeDemoTestSets(fleet);
  // The fleet is seeded once the upgrader is ready, so the busy model is still busy when the run starts.
  const simulator = await startSimulator({ clock: { now: () => clock.nowMs() }, seed: 1 });
  const corpusStore = mkdtempSync(path.join(tmpdir(), 'stt-upgrader-demo-corpora-'));
  const out = (text: string) => process.stdout.write(text);
  const notices: Notice[] = [];
  try {
    const { tracker, view, onEvent } = progressReporter({
      simulated: true,
      nowMs: () => clock.nowMs(),
      statusOf: (id) => simulator.model(id)?.status,
      quiet: options.json,
      write: out,
    });
    const upgrader = await startLocalUpgrader({
      instances: [
        {
          id: demoInstanceId,
          connection: parseSttConnection({ serviceUrl: simulator.url, auth: { type: 'none' } }),
          pairings: demoPairings(fleet),
          settings: {
            retrainImprovedModels: true,
            testSets: {
              byBaseModel: {},
              byModel: {
                ...testSets.mapping.byModel,
                [demoLsmModel.customizationId]: demoLsmModel.name,
                ...migrationTestSetByModel,
              },
            },
          },
        },
      ],
      dynamoEndpoint: store.endpoint,
      closeAbandonedRuns: store.others.length === 0,
      settingsDirectory: settingsDirectoryUnder(options['data-dir']),
      testSets: { directory: testSets.directory, objectsDirectory: bucketDirectory },
      migration: { corpusStore },
      clock,
      releaseNotesSourceUrls: [demoReleaseNotesUrl],
      notifier: { notify: async (notice) => void notices.push(notice) },
      onEvent,
    });
    const triggers = startLocalTriggers({
      history: upgrader.history,
      runFleet: (input, runOptions) => upgrader.runFleet(input, runOptions),
      clock,
      sources: [{ url: demoReleaseNotesUrl, channel: 'cloud' }],
      readNotes: async () => demoReleaseNotes(today),
      log: () => undefined,
    });
    simulator.seedFleet(fleet);
    simulator.addRecognitionReferences(testSets.references);
    simulator.addRecognitionReferences(writeDemoLsmTestSet(testSets.directory));
    simulator.addRecognitionProfiles(
      demoRecognitionProfiles(demoBaseModel, versionOfDemoModels(simulator, fleet), version),
    );
    simulator.releaseBaseModelVersion(demoBaseModel, version);
    simulator.releaseBaseModelVersion(demoImprovedBaseModel, version);
    const stt = await upgrader.stt(demoInstanceId);
    const models = [...(await stt.listLanguageModels()), ...(await stt.listAcousticModels())];
    for (const model of models) tracker.introduce(model);
    if (!options.json) {
      out(
        `Simulator on ${simulator.url}: ${models.length} custom models; IBM released ${demoBaseModel}.${version} ` +
          `and ${demoImprovedBaseModel}.${version} and announced them in its release notes; ` +
          `${Object.keys(testSets.mapping.byModel).length} models have test sets; time x${options['time-scale']}\n\n`,
      );
    }
    view.start();
    const report = await stoppingOnInterrupt(upgrader, () =>
      measured(
        upgrader.history,
        () => clock.nowMs(),
        async () => {
          await triggers.watch();
          const announced = triggers.fleet.executions[0];
          const fleetRun =
            announced ??
            (await upgrader.runFleet(
              {
                trigger: { type: 'manual', id: 'npm-start' },
                baseModels: [demoBaseModel, demoImprovedBaseModel],
              },
              { name: `manual-${nameStamp(new Date())}` },
            ));
          return fleetUnits(upgrader, fleetRun, tracker, models);
        },
        tracker,
      ),
    ).finally(() => view.stop());
    // The large speech model's custom model arrives after the upgrade: the fleet run leaves it alone.
    simulator.seedFleet({ languageModels: [demoLsmModel] });
    const before = notices.length;
    const watch = await runDemoWatch(upgrader, simulator, demoInstanceId);
    const watchNotices = notices.slice(before);
    const watchReport = await writeWatchReport(upgrader, bucketDirectory, watch.runs.at(-1)?.watchRunId);
    const migrations = await migrateTwoModels(simulator, upgrader, clock, {
      corpusStore,
      testSets: testSets.directory,
    });
    if (options.json) {
      out(
        `${JSON.stringify({ ...report, watch: { ...watch, notices: watchNotices, report: watchReport }, migrations }, null, 2)}\n`,
      );
    } else {
      out(`\n${formatRunReport(report)}`);
      out(
        `\nAccuracy watch: a baseline run, then IBM improved ${demoLsmModel.baseModelName} silently (no new version), then the next run:\n\n`,
      );
      out(`${formatWatchRuns(watch.runs)}\n${formatWatchModels(watch.measurements)}`);
      for (const notice of watchNotices) out(`\n${notice.subject}\n${notice.message}\n`);
      if (watchReport && 'uri' in watchReport) out(`\nWatch report: ${watchReport.uri}\n`);
      out(
        `\nMoving two next-generation models to the large speech model en-US:\n\n${formatMigrationStatus(migrations)}`,
      );
    }
    return report.summary.failed > 0 || migrations.some((m) => m.status !== 'migrated') ? 1 : 0;
  } finally {
    await simulator.stop();
    testSets.remove();
    rmSync(corpusStore, { recursive: true, force: true });
  }
}

/** The watch run's HTML report, beside the fleet run's. */
function writeWatchReport(upgrader: LocalUpgrader, bucketDirectory: string, watchRunId: string | undefined) {
  if (!watchRunId) return Promise.resolve(undefined);
  return publishWatchRunReport(
    {
      history: upgrader.history,
      watchTranscripts: transcriptsUnder(bucketDirectory),
      bucket: openObjectStore(bucketDirectory),
    },
    demoInstanceId,
    watchRunId,
    null,
    new Date(),
  );
}

/** The version the demo's models of its base model are on before the release: the old side of each comparison. */
function versionOfDemoModels(simulator: RunningSimulator, fleet: FleetSeed): string {
  const model = fleet.languageModels?.find((m) => m.baseModelName === demoBaseModel && m.customizationId);
  const entry = model?.customizationId ? simulator.model(model.customizationId)?.versions.at(-1) : undefined;
  if (!entry) throw new Error(`the demo fleet has no language model of ${demoBaseModel}`);
  return entry.slice(entry.lastIndexOf('.') + 1);
}

/**
 * After the fleet run: two next-generation models move to en-US through the migration state machine.
 * On its own test set, one comes out better (the LSM hears "refund" and "balance") and one worse
 * (the LSM never hears "zurich").
 */
async function migrateTwoModels(
  simulator: RunningSimulator,
  upgrader: Awaited<ReturnType<typeof startLocalUpgrader>>,
  clock: ScaledClock,
  dirs: { readonly corpusStore: string; readonly testSets: string },
): Promise<MigrationRecord[]> {
  // Three simulated minutes see a corpus analysis or a training through.
  const letTimePass = () => new Promise<void>((resolve) => setTimeout(resolve, 180_000 / clock.scale + 20));
  const world = await seedMigrationWorld(simulator, dirs, letTimePass);
  const stamp = nameStamp(new Date());
  await Promise.all(
    Object.values(world.sources).map((sourceId) =>
      upgrader.runMigration(
        { instanceId: demoInstanceId, sourceId },
        { name: `migrate-${stamp}-${sourceId.slice(-4)}` },
      ),
    ),
  );
  const records = await upgrader.history.migration.ofInstance(demoInstanceId);
  return records.filter((r) => Object.values(world.sources).includes(r.sourceId));
}
