import type { HistoryStore } from '#adapters/history-store/index.js';
import { ErrorName, UpgradeStep } from '#core/contract/workflow-contract.js';
import type { StepEvent, UpgradeAttempt } from '#core/history/history-records.js';
import type { SimulatedModelSnapshot, SimulatorRequestLogEntry } from '#simulator/index.js';
import { type ChaosRun, chaosInstanceId, type ExpectedModel } from './chaos-scenario.js';

/** What the audit reads: IBM's side (the simulator's request log and models) and the history table. */
export interface AuditInput {
  readonly instanceId: string;
  readonly target: string;
  readonly expected: readonly ExpectedModel[];
  readonly requestLog: readonly SimulatorRequestLogEntry[];
  readonly model: (customizationId: string) => ModelOnIbm | undefined;
  readonly history: HistoryStore;
  /** Claims a stopped fleet's unit runs still held when the next run started. */
  readonly claimsHeldAfterStop: readonly { readonly customizationId: string; readonly runId: string }[];
  /** Fleet executions and the upgraded count their summaries report; null for one stopped before its summary. */
  readonly fleets: readonly { readonly name: string; readonly summaryUpgraded: number | null }[];
}

/** What IBM shows of a model at the end: the versions it is on. */
export type ModelOnIbm = Pick<SimulatedModelSnapshot, 'versions'>;

/** Everything the audit compares, read once: IBM's side and the history's, as plain records. */
export interface AuditRecords extends Omit<AuditInput, 'history'> {
  /** Every unit run of every fleet run, with what it recorded. */
  readonly units: readonly UnitRecord[];
  /** Every unit a fleet run planned (of a stopped one, those it started), with its models. */
  readonly planned: readonly PlannedUnit[];
  /** Claims still held on the expected models. */
  readonly claims: readonly {
    readonly customizationId: string;
    readonly runId: string;
    readonly claimedAt: string;
  }[];
  /** Paired acoustic models whose history records their with-language-model step on the target. */
  readonly languageModelStepsRecorded: ReadonlySet<string>;
}

/** One model the audit found wrong, and how. */
export interface Finding {
  readonly customizationId: string;
  readonly problem: string;
}

export interface FleetCount {
  readonly fleetRunId: string;
  readonly summaryUpgraded: number;
  /** Models whose last applied upgrade step a unit run of this fleet requested, by its own step records. */
  readonly ibmUpgraded: number;
}

export interface AuditFigures {
  readonly modelsExpected: number;
  /** Expected models IBM shows on the target version. */
  readonly modelsUpgraded: number;
  /** Upgrade requests IBM applied more than once for the same model and step. */
  readonly duplicateAcceptedUpgrades: readonly Finding[];
  readonly historyDisagreements: readonly Finding[];
  readonly plannedWithoutFinalRecord: readonly Finding[];
  readonly pairedOwingSecondStep: readonly Finding[];
  readonly forceWithoutNoInputModified: readonly Finding[];
  /** Claims still held on a model once every run ended, stopped ones included: they would hold it up. */
  readonly claimsHeld: readonly Finding[];
  /** Claims of a stopped fleet run still held when the scan after it started. */
  readonly claimsHeldAfterStop: readonly Finding[];
  readonly fleetCounts: readonly FleetCount[];
  readonly ibmCalls: number;
  readonly upgradeRequests: number;
  /** Answers IBM gave 429 or 503 to, and connections dropped before the request arrived. */
  readonly injectedFaults: number;
  readonly lostAnswers: number;
}

type StepKind = typeof UpgradeStep.Upgrade | typeof UpgradeStep.UpgradeWithLanguageModel;

const isUpgrade = (e: SimulatorRequestLogEntry) =>
  e.operation === 'upgrade_language_model' || e.operation === 'upgrade_acoustic_model';
/** IBM applied the request, whether or not its answer reached the upgrader. */
const isAccepted = (e: SimulatorRequestLogEntry) => e.status === 200 || e.appliedStatus === 200;
const stepOf = (e: SimulatorRequestLogEntry): StepKind =>
  e.query.custom_language_model_id ? UpgradeStep.UpgradeWithLanguageModel : UpgradeStep.Upgrade;
/** `upgrade-with-language-model-forced` is the with-language-model step too. */
const stepKindOf = (step: string): StepKind | undefined =>
  step === UpgradeStep.Upgrade
    ? UpgradeStep.Upgrade
    : step.startsWith(UpgradeStep.UpgradeWithLanguageModel)
      ? UpgradeStep.UpgradeWithLanguageModel
      : undefined;

/** A unit a fleet run planned (and, if the fleet was stopped, started), with its models. */
export interface PlannedUnit {
  readonly fleetRunId: string;
  readonly modelIds: readonly string[];
  /** Its fleet run was stopped before its summary. */
  readonly stopped: boolean;
}

/** A unit run of a fleet, with what it recorded. */
export interface UnitRecord {
  readonly fleetRunId: string;
  readonly unitRunId: string;
  readonly attempts: readonly UpgradeAttempt[];
  readonly steps: readonly StepEvent[];
}

/** Reads what the audit compares from the history table, then audits it. */
export async function auditChaos(input: AuditInput): Promise<AuditFigures> {
  return auditRecords(await readAuditRecords(input));
}

/** The history's side of the audit, read through the store; IBM's side is passed on as it is. */
export async function readAuditRecords(input: AuditInput): Promise<AuditRecords> {
  const { history, ...ibm } = input;
  const { units, planned } = await readFleets(input);
  const claims: { customizationId: string; runId: string; claimedAt: string }[] = [];
  const languageModelStepsRecorded = new Set<string>();
  for (const { customizationId, languageModelId } of input.expected) {
    for (const claim of await history.claims(input.instanceId, customizationId))
      claims.push({ customizationId, runId: claim.runId, claimedAt: claim.claimedAt });
    if (
      languageModelId &&
      (await history.hasLanguageModelStep(input.instanceId, customizationId, input.target))
    )
      languageModelStepsRecorded.add(customizationId);
  }
  return { ...ibm, units, planned, claims, languageModelStepsRecorded };
}

/**
 * Compares what IBM did with what the history says, model by model. IBM's side is the simulator's
 * request log (which requests it applied, lost answers included) and its models; the history side
 * is every unit run of every fleet run, its attempts and its step records.
 */
export function auditRecords(input: AuditRecords): AuditFigures {
  const log = input.requestLog;
  const upgrades = log.filter((e) => isUpgrade(e) && e.customizationId);
  const acceptedBy = groupBy(upgrades.filter(isAccepted), (e) => e.customizationId ?? '');
  const { units, planned } = input;

  const duplicateAcceptedUpgrades: Finding[] = [];
  for (const [customizationId, accepted] of acceptedBy) {
    for (const [step, requests] of groupBy(accepted, stepOf)) {
      if (requests.length > 1)
        duplicateAcceptedUpgrades.push({
          customizationId,
          problem: `${step} applied ${requests.length} times`,
        });
    }
  }

  return {
    modelsExpected: input.expected.length,
    modelsUpgraded: input.expected.filter((m) =>
      input.model(m.customizationId)?.versions.includes(input.target),
    ).length,
    duplicateAcceptedUpgrades,
    historyDisagreements: disagreements(input, acceptedBy, units),
    plannedWithoutFinalRecord: lostRecords(planned, units),
    pairedOwingSecondStep: owingSecondStep(input, acceptedBy),
    forceWithoutNoInputModified: unjustifiedForce(input, upgrades, units),
    claimsHeld: input.claims.map(({ customizationId, runId, claimedAt }) => ({
      customizationId,
      problem: `still claimed by ${runId} since ${claimedAt}`,
    })),
    claimsHeldAfterStop: input.claimsHeldAfterStop.map(({ customizationId, runId }) => ({
      customizationId,
      problem: `claimed by ${runId} of the stopped fleet run when the scan started`,
    })),
    fleetCounts: input.fleets.flatMap((fleet) =>
      fleet.summaryUpgraded === null
        ? []
        : [
            {
              fleetRunId: fleet.name,
              summaryUpgraded: fleet.summaryUpgraded,
              ibmUpgraded: ibmUpgradedBy(
                acceptedBy,
                units.filter((u) => u.fleetRunId === fleet.name),
              ),
            },
          ],
    ),
    ibmCalls: log.length,
    upgradeRequests: upgrades.length,
    injectedFaults: log.filter((e) => !e.answerLost && [0, 429, 503].includes(e.status)).length,
    lostAnswers: log.filter((e) => e.answerLost).length,
  };
}

/**
 * Every unit run of every fleet run, and every planned unit's models with the fleet that planned
 * them. Of a stopped fleet, only the units it started count as planned (the scan after it plans the
 * rest), and its unit runs are those it noted as started, whether or not they reported an outcome.
 */
async function readFleets(input: AuditInput) {
  const units: UnitRecord[] = [];
  const planned: PlannedUnit[] = [];
  for (const { name, summaryUpgraded } of input.fleets) {
    const unitRunIds = new Set((await input.history.fleet.unitOutcomes(name)).map((o) => o.unitRunId));
    let started: Set<string> | undefined;
    if (summaryUpgraded === null) {
      const unitRuns = await input.history.fleet.unitRuns(name);
      started = new Set(unitRuns.map((u) => `${u.fleet.page}#${u.fleet.item}`));
      for (const unitRun of unitRuns) unitRunIds.add(unitRun.unitRunId);
    }
    for (const page of await input.history.fleet.pages(name)) {
      page.units.forEach((unit, item) => {
        if (started && !started.has(`${page.page}#${item}`)) return;
        const modelIds = [...(unit.languageModelId ? [unit.languageModelId] : [])];
        modelIds.push(...unit.acousticModels.map((m) => m.customizationId));
        planned.push({ fleetRunId: name, modelIds, stopped: started !== undefined });
      });
    }
    for (const unitRunId of unitRunIds) {
      const { attempts, steps } = await input.history.runHistory(unitRunId);
      units.push({ fleetRunId: name, unitRunId, attempts, steps });
    }
  }
  return { units, planned };
}

/**
 * Every model IBM upgraded has an `upgraded` attempt in exactly one run, and that run recorded the
 * last step IBM applied; each step IBM applied is recorded as requested by exactly one run (a run
 * that failed after its first step may leave the second to another); no run records a step IBM
 * did not apply, and no run records as upgraded a model IBM did not upgrade.
 */
function disagreements(
  input: AuditRecords,
  acceptedBy: Map<string, SimulatorRequestLogEntry[]>,
  units: readonly UnitRecord[],
): Finding[] {
  const findings: Finding[] = [];
  for (const model of input.expected) {
    const id = model.customizationId;
    const note = (problem: string) => findings.push({ customizationId: id, problem });
    const accepted = acceptedBy.get(id) ?? [];
    const upgradedIn = units.filter((u) =>
      u.attempts.some((a) => a.customizationId === id && a.outcome === 'upgraded'),
    );
    const ibmSteps = new Set(accepted.map(stepOf));
    for (const unit of units) {
      for (const step of requestedSteps(unit, id))
        if (!ibmSteps.has(step)) note(`${unit.unitRunId} records ${step} as started; IBM applied none`);
    }
    if (!input.model(id)?.versions.includes(input.target)) {
      if (upgradedIn.length > 0) note(`recorded upgraded in ${names(upgradedIn)}; IBM did not upgrade it`);
      continue;
    }
    if (upgradedIn.length !== 1) {
      note(`IBM upgraded it; recorded upgraded in ${upgradedIn.length} runs; ${recordsOf(units, id)}`);
      continue;
    }
    for (const step of ibmSteps) {
      const requesters = units.filter((u) => requestedSteps(u, id).has(step));
      if (requesters.length !== 1)
        note(`IBM applied ${step}; ${requesters.length} runs record it as started (${names(requesters)})`);
    }
    const last = accepted.at(-1);
    const [run] = upgradedIn as [UnitRecord];
    if (last && !requestedSteps(run, id).has(stepOf(last)))
      note(`${run.unitRunId} records it upgraded but not IBM's last step, ${stepOf(last)}`);
  }
  return findings;
}

/** Upgrade steps a run records as requested and acted on for a model (not refusals or errors). */
function requestedSteps(unit: UnitRecord, customizationId: string): Set<StepKind> {
  const steps = new Set<StepKind>();
  for (const event of unit.steps) {
    if (event.customizationId !== customizationId || event.detail.requested !== true) continue;
    const kind = stepKindOf(event.step);
    if (kind) steps.add(kind);
  }
  return steps;
}

/**
 * Planned models whose fleet has no attempt for them, or whose attempt never ended. A stopped
 * fleet's units may end before they reach a model (the scan after it records it), but an attempt
 * they opened must not stay in progress.
 */
function lostRecords(planned: readonly PlannedUnit[], units: readonly UnitRecord[]) {
  const findings: Finding[] = [];
  for (const unit of planned) {
    for (const id of unit.modelIds) {
      const attempt = units
        .filter((u) => u.fleetRunId === unit.fleetRunId)
        .flatMap((u) => u.attempts)
        .find((a) => a.customizationId === id);
      if (!attempt && !unit.stopped)
        findings.push({ customizationId: id, problem: `planned by ${unit.fleetRunId}, no attempt recorded` });
      else if (attempt?.outcome === 'in-progress')
        findings.push({ customizationId: id, problem: `${attempt.runId} left its attempt in progress` });
    }
  }
  return findings;
}

/**
 * Paired acoustic models on the target whose last applied request was not the with-language-model
 * step, or whose history lacks the record that the step was done (the next run would not repair it).
 */
function owingSecondStep(input: AuditRecords, acceptedBy: Map<string, SimulatorRequestLogEntry[]>) {
  const findings: Finding[] = [];
  for (const model of input.expected.filter((m) => m.languageModelId)) {
    const id = model.customizationId;
    const last = acceptedBy.get(id)?.at(-1);
    if (!last || stepOf(last) !== UpgradeStep.UpgradeWithLanguageModel)
      findings.push({ customizationId: id, problem: 'IBM never applied its with-language-model step last' });
    else if (!input.languageModelStepsRecorded.has(id))
      findings.push({ customizationId: id, problem: 'history does not record its with-language-model step' });
  }
  return findings;
}

/**
 * Every `force=true` request follows a 400 to the same model's unforced with-language-model step,
 * on a model IBM answers "No input data modified since last training", and the run that forced
 * recorded that answer.
 */
function unjustifiedForce(
  input: AuditRecords,
  upgrades: readonly SimulatorRequestLogEntry[],
  units: readonly UnitRecord[],
): Finding[] {
  const unmodified = new Set(
    input.expected.filter((m) => m.unmodifiedSinceTraining).map((m) => m.customizationId),
  );
  const findings: Finding[] = [];
  for (const forced of upgrades.filter((e) => e.query.force === 'true')) {
    const id = forced.customizationId ?? '';
    const refused = upgrades.some(
      (e) =>
        e.customizationId === id &&
        e.seq < forced.seq &&
        e.status === 400 &&
        e.query.custom_language_model_id &&
        e.query.force !== 'true',
    );
    const recorded = units.some((u) =>
      u.steps.some((s) => s.customizationId === id && s.detail.error === ErrorName.NoInputModified),
    );
    if (!refused || !unmodified.has(id) || !recorded)
      findings.push({
        customizationId: id,
        problem: `force sent (request ${forced.seq}) without a prior "No input data modified"`,
      });
  }
  return findings;
}

/** Models whose last applied step (the one that completed the upgrade) one of these unit runs requested. */
function ibmUpgradedBy(
  acceptedBy: Map<string, SimulatorRequestLogEntry[]>,
  units: readonly UnitRecord[],
): number {
  let count = 0;
  for (const [id, accepted] of acceptedBy) {
    const last = accepted.at(-1);
    if (last && units.some((u) => requestedSteps(u, id).has(stepOf(last)))) count++;
  }
  return count;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** What each run recorded for a model: `run: outcome (error or reason)`. */
function recordsOf(units: readonly UnitRecord[], customizationId: string): string {
  const records = units.flatMap((u) =>
    u.attempts
      .filter((a) => a.customizationId === customizationId)
      .map(
        (a) =>
          `${u.unitRunId}: ${a.outcome} (${a.error ?? a.reason ?? 'no reason'}; steps ${a.steps.join(', ') || 'none'})`,
      ),
  );
  return records.join('; ') || 'no run recorded it';
}

const names = (units: readonly UnitRecord[]) => units.map((u) => u.unitRunId).join(', ') || 'none';

/** The audit of a finished chaos run, read from its simulator, upgrader and fleet summaries. */
export function auditChaosRun(chaos: ChaosRun): Promise<AuditFigures> {
  return auditChaos({
    instanceId: chaosInstanceId,
    target: chaos.target,
    expected: chaos.fleet.expected,
    requestLog: chaos.simulator.requestLog(),
    model: (id) => chaos.simulator.model(id),
    history: chaos.upgrader.history,
    claimsHeldAfterStop: chaos.claimsHeldAtScanStart,
    fleets: chaos.fleets.map((f) => ({ name: f.name, summaryUpgraded: f.summary?.models.upgraded ?? null })),
  });
}
