import type { DynamoFaultStats } from '#local/dynamodb/index.js';
import type { LambdaFaultCounts } from '#local/executor/index.js';
import type { AuditFigures, Finding } from './chaos-audit.js';
import { formatCount } from './stats.js';

/** What `npm run chaos` measured: the audit plus the run's own figures. */
export interface ChaosReport {
  readonly models: number;
  readonly faultRate: number;
  readonly lostAnswerRate: number;
  /** Of DynamoDB's data requests, the share throttled, failed with 500 or (writes) applied with the answer lost. */
  readonly dynamoFaultRate: number;
  readonly indexLagMs: number;
  /** What DynamoDB's fault front did; null when it did not run. */
  readonly dynamo: DynamoFaultStats | null;
  /** Of Lambda invocations, the share throttled. */
  readonly lambdaThrottleRate: number;
  /** Of upgrade requests, the share IBM applied and never answered, so the start function timed out. */
  readonly functionTimeoutRate: number;
  readonly lambda: Readonly<LambdaFaultCounts>;
  /** Set when the release fleet was stopped mid-way, before the scan started. */
  readonly stoppedRelease: { readonly upgradedWhenStopped: number } | null;
  readonly fleetMaxConcurrency: number;
  readonly seed: number;
  readonly audit: AuditFigures;
  /** Units that failed, per fleet summary, with the first causes. */
  readonly unitFailures: readonly {
    readonly fleetRunId: string;
    readonly failed: number;
    readonly causes: readonly string[];
  }[];
  readonly wallSeconds: number;
  readonly peakRssMiB: number;
}

/** The rules the run checks, each with what broke it. */
export function brokenRules(
  report: ChaosReport,
): { readonly rule: string; readonly findings: readonly Finding[] }[] {
  const { audit } = report;
  const fleetMismatches = audit.fleetCounts
    .filter((f) => f.summaryUpgraded !== f.ibmUpgraded)
    .map((f) => ({
      customizationId: f.fleetRunId,
      problem: `summary says ${f.summaryUpgraded} upgraded, IBM upgraded ${f.ibmUpgraded} in this run`,
    }));
  return [
    { rule: 'upgrades IBM applied more than once', findings: audit.duplicateAcceptedUpgrades },
    { rule: 'models whose history disagrees with IBM', findings: audit.historyDisagreements },
    { rule: 'planned models without a final record', findings: audit.plannedWithoutFinalRecord },
    { rule: 'paired acoustic models owing their second step', findings: audit.pairedOwingSecondStep },
    { rule: 'force without a prior "No input data modified"', findings: audit.forceWithoutNoInputModified },
    { rule: 'claims held after every run ended', findings: audit.claimsHeld },
    { rule: 'claims of the stopped run held when the scan started', findings: audit.claimsHeldAfterStop },
    { rule: 'fleet summaries miscounting upgrades', findings: fleetMismatches },
  ].filter((r) => r.findings.length > 0);
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`;
/** Findings listed per rule; the rest are counted. */
const LISTED = 5;

/** Aligned text: one figure a line, then what broke, model by model. */
export function formatChaosReport(report: ChaosReport): string {
  const { audit } = report;
  const rows: [string, string][] = [
    [
      'models upgraded at IBM',
      `${formatCount(audit.modelsUpgraded)} of ${formatCount(audit.modelsExpected)}`,
    ],
    ['upgrade calls IBM accepted more than once', formatCount(audit.duplicateAcceptedUpgrades.length)],
    ['models whose history disagrees with IBM', formatCount(audit.historyDisagreements.length)],
    ['planned models without a final record', formatCount(audit.plannedWithoutFinalRecord.length)],
    ['paired acoustic models owing their second step', formatCount(audit.pairedOwingSecondStep.length)],
    ['force without a prior "No input data modified"', formatCount(audit.forceWithoutNoInputModified.length)],
    ['claims held after every run ended', formatCount(audit.claimsHeld.length)],
    ...(report.stoppedRelease
      ? [
          [
            'claims of the stopped run held when the scan started',
            formatCount(audit.claimsHeldAfterStop.length),
          ] as [string, string],
        ]
      : []),
    ...audit.fleetCounts.map((f): [string, string] => [
      `upgraded in ${f.fleetRunId}: summary / IBM`,
      `${formatCount(f.summaryUpgraded)} / ${formatCount(f.ibmUpgraded)}`,
    ]),
    ...report.unitFailures.map((f): [string, string] => [
      `units failed in ${f.fleetRunId}`,
      formatCount(f.failed),
    ]),
    ['IBM calls', formatCount(audit.ibmCalls)],
    ['  of them upgrade requests', formatCount(audit.upgradeRequests)],
    ['  answered 429/503 or dropped (injected)', formatCount(audit.injectedFaults)],
    ['  applied, answer lost (injected)', formatCount(audit.lostAnswers)],
    ...dynamoRows(report.dynamo),
    ['Lambda invocations', formatCount(report.lambda.invocations)],
    ['  throttled (injected)', formatCount(report.lambda.throttled)],
    ['  stopped at their timeout', formatCount(report.lambda.timedOut)],
    ...(report.stoppedRelease
      ? [
          [
            'models upgraded when the release fleet was stopped',
            formatCount(report.stoppedRelease.upgradedWhenStopped),
          ] as [string, string],
        ]
      : []),
    ['wall time', `${report.wallSeconds.toFixed(1)} s`],
    ['peak RSS', `${report.peakRssMiB.toFixed(0)} MiB`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const broken = brokenRules(report);
  const lines = [
    `Chaos run: ${formatCount(report.models)} models, ${percent(report.faultRate)} of IBM calls failing, ` +
      `${percent(report.lostAnswerRate)} of applied upgrades losing their answer` +
      (report.dynamo
        ? `, ${percent(report.dynamoFaultRate)} of DynamoDB requests faulted, indexes ${report.indexLagMs} ms behind`
        : '') +
      (report.lambdaThrottleRate > 0
        ? `, ${percent(report.lambdaThrottleRate)} of Lambda invocations throttled`
        : '') +
      (report.functionTimeoutRate > 0
        ? `, ${percent(report.functionTimeoutRate)} of upgrade requests never answered (function timeouts)`
        : '') +
      `; release fleet started 3 times ` +
      (report.stoppedRelease ? 'and stopped mid-way, then ' : 'plus ') +
      `a scan (maxConcurrency ${report.fleetMaxConcurrency}, seed ${report.seed})`,
    '',
    ...rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`),
    '',
    broken.length === 0 && audit.modelsUpgraded === audit.modelsExpected
      ? 'Every rule holds.'
      : `${broken.length} rule(s) broken${audit.modelsUpgraded < audit.modelsExpected ? ', and not every model was upgraded' : ''}:`,
  ];
  for (const { rule, findings } of broken) {
    lines.push(`  ${rule}:`);
    for (const f of findings.slice(0, LISTED)) lines.push(`    ${f.customizationId}  ${f.problem}`);
    if (findings.length > LISTED) lines.push(`    ... and ${findings.length - LISTED} more`);
  }
  for (const failure of report.unitFailures.filter((f) => f.causes.length > 0)) {
    lines.push(`  failed units of ${failure.fleetRunId}, first causes:`);
    for (const cause of failure.causes) lines.push(`    ${cause}`);
  }
  return lines.join('\n');
}

function dynamoRows(stats: DynamoFaultStats | null): [string, string][] {
  if (!stats) return [];
  return [
    ['DynamoDB data requests', formatCount(stats.requests)],
    ['  throttled (injected)', formatCount(stats.throttled)],
    ['  answered 500 (injected)', formatCount(stats.serverErrors)],
    [
      '  writes applied, answer lost (injected)',
      formatCount(stats.lostAnswers.reset + stats.lostAnswers.serverError),
    ],
    ['  items an index query left out (lag)', formatCount(stats.hiddenFromIndex)],
  ];
}
