import '#local/node20.js';
import { z } from 'zod';
import { benchFlags } from './bench-flags.js';
import { auditChaosRun } from './chaos-audit.js';
import { type ChaosReport, formatChaosReport } from './chaos-report.js';
import { chaosDynamoFaults, runChaos } from './chaos-scenario.js';

const optionsSchema = z.object({
  json: z.boolean().default(false),
  models: z.coerce.number().int().min(10).max(10_000).default(1_000),
  seed: z.coerce.number().int().nonnegative().default(8),
  concurrency: z.coerce.number().int().positive().max(1_000).default(40),
  'fault-rate': z.coerce.number().min(0).max(0.9).default(0.2),
  'lost-answer-rate': z.coerce.number().min(0).max(0.9).default(0.1),
  'dynamo-fault-rate': z.coerce.number().min(0).max(0.5).default(0),
  'index-lag-ms': z.coerce.number().int().nonnegative().default(0),
  'lambda-throttle-rate': z.coerce.number().min(0).max(0.5).default(0),
  'function-timeout-rate': z.coerce.number().min(0).max(0.5).default(0),
  'function-time-scale': z.coerce.number().min(1).max(100).default(10),
  'stop-release-at': z.coerce.number().gt(0).lt(1).optional(),
});

/**
 * `npm run chaos -- [--models N] [--seed S] [--concurrency N] [--fault-rate R] [--lost-answer-rate R]
 * [--dynamo-fault-rate R] [--index-lag-ms MS] [--lambda-throttle-rate R] [--function-timeout-rate R]
 * [--function-time-scale F] [--stop-release-at SHARE] [--json]`: runs the release fleet three times plus a scan over N models
 * behind a release, with faults and lost answers at IBM, in DynamoDB and in Lambda; with
 * `--stop-release-at` the release fleet is stopped once that share of the models is upgraded and
 * the scan starts after it. With function timeouts, a function's timeout is divided by F (10 by
 * default; a starved machine runs past short timeouts, so a lower F avoids false ones). Then prints what IBM did against what the history says. Progress goes
 * to stderr.
 */
function optionsFrom(args: readonly string[]): z.infer<typeof optionsSchema> {
  return benchFlags(
    args,
    {
      json: { type: 'boolean' },
      models: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      'fault-rate': { type: 'string' },
      'lost-answer-rate': { type: 'string' },
      'dynamo-fault-rate': { type: 'string' },
      'index-lag-ms': { type: 'string' },
      'lambda-throttle-rate': { type: 'string' },
      'function-timeout-rate': { type: 'string' },
      'function-time-scale': { type: 'string' },
      'stop-release-at': { type: 'string' },
    },
    optionsSchema,
  );
}

const options = optionsFrom(process.argv.slice(2));
const mib = (bytes: number) => bytes / 1024 / 1024;
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(5)}s`;
const progress = (line: string) => process.stderr.write(`${elapsed()}  ${line}\n`);

let peakRss = process.memoryUsage().rss;
const rssSampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
let watch: (() => string) | undefined;
const progressTimer = setInterval(() => {
  if (watch) progress(watch());
}, 10_000);

progress(`seeding ${options.models} models, starting the release fleet 3 times and a scan`);
const chaos = await runChaos({
  size: options.models,
  seed: options.seed,
  fleetMaxConcurrency: options.concurrency,
  faultRate: options['fault-rate'],
  lostAnswerRate: options['lost-answer-rate'],
  ...(options['dynamo-fault-rate'] > 0 || options['index-lag-ms'] > 0
    ? {
        dynamoFaults: chaosDynamoFaults(options.seed, options['dynamo-fault-rate'], options['index-lag-ms']),
      }
    : {}),
  lambdaThrottleRate: options['lambda-throttle-rate'],
  functionTimeoutRate: options['function-timeout-rate'],
  functionTimeScale: options['function-time-scale'],
  ...(options['stop-release-at'] !== undefined ? { stopReleaseAt: options['stop-release-at'] } : {}),
  onStarted: (simulator, fleet, target) => {
    watch = () => {
      const upgraded = fleet.expected.filter((m) =>
        simulator.model(m.customizationId)?.versions.includes(target),
      );
      const { lostAnswers } = simulator.stats();
      return `${upgraded.length} of ${fleet.expected.length} models on ${target}; ${lostAnswers.total} answers lost; RSS ${mib(process.memoryUsage().rss).toFixed(0)} MiB`;
    };
  },
  onFleetEnded: (name, result) => progress(`fleet ${name} ended ${result.status}`),
});
const wallSeconds = (performance.now() - started) / 1000;
clearInterval(progressTimer);
clearInterval(rssSampler);
try {
  progress('auditing the request log, the models and the history');
  const audit = await auditChaosRun(chaos);
  const report: ChaosReport = {
    models: options.models,
    faultRate: options['fault-rate'],
    lostAnswerRate: options['lost-answer-rate'],
    dynamoFaultRate: options['dynamo-fault-rate'],
    indexLagMs: options['index-lag-ms'],
    dynamo: chaos.dynamoFaults() ?? null,
    lambdaThrottleRate: options['lambda-throttle-rate'],
    functionTimeoutRate: options['function-timeout-rate'],
    lambda: chaos.lambdaFaults(),
    stoppedRelease:
      chaos.upgradedWhenStopped === undefined ? null : { upgradedWhenStopped: chaos.upgradedWhenStopped },
    fleetMaxConcurrency: options.concurrency,
    seed: options.seed,
    audit,
    unitFailures: chaos.fleets.flatMap(({ name, summary }) =>
      summary
        ? [
            {
              fleetRunId: name,
              failed: summary.units.failed + summary.units.unreported,
              causes: summary.failedUnits
                .slice(0, 5)
                .flatMap((u) => u.failures.map((x) => `${x.error}: ${x.cause}`)),
            },
          ]
        : [],
    ),
    wallSeconds,
    peakRssMiB: mib(peakRss),
  };
  console.log(options.json ? JSON.stringify(report, null, 2) : formatChaosReport(report));
} finally {
  await chaos.stop();
}
