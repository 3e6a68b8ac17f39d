import { describe, expect, it } from 'vitest';
import { type AuditFigures, type AuditRecords, auditRecords, type UnitRecord } from '#bench/chaos-audit.js';
import { ErrorName, UpgradeStep } from '#core/contract/workflow-contract.js';
import type { AttemptOutcome, StepEvent, UpgradeAttempt } from '#core/history/history-records.js';
import type { SimulatorRequestLogEntry } from '#simulator/index.js';

/**
 * The chaos audit is what the reliability test trusts: each kind of finding it reports is planted,
 * one at a time, into the records of a clean run, and must be reported; the clean run reports none.
 * The records are plain data, so no fleet runs here.
 */
const base = 'en-US_BroadbandModel';
const target = `${base}.v2026-11-24`;
const LONE = '2a000000-0000-4000-8000-000000000001';
const PAIRED_LM = '2a000000-0000-4000-8000-000000000002';
/** Trained with PAIRED_LM and unchanged since: IBM refuses its unforced second step. */
const PAIRED_AM = '2b000000-0000-4000-8000-000000000003';
const FLEET = 'release-chaos-release';

let seq = 0;
function request(
  customizationId: string,
  query: Record<string, string> = {},
  status = 200,
  lost: Partial<SimulatorRequestLogEntry> = {},
): SimulatorRequestLogEntry {
  const kind = customizationId.startsWith('2a') ? 'language' : 'acoustic';
  return {
    seq: ++seq,
    time: '2026-11-24T10:00:00.000Z',
    method: 'POST',
    path: `/v1/customizations/${customizationId}/upgrade_model`,
    query,
    status,
    operation: `upgrade_${kind}_model`,
    customizationId,
    ...lost,
  };
}

function attempt(
  runId: string,
  customizationId: string,
  outcome: AttemptOutcome,
  steps: string[],
): UpgradeAttempt {
  return {
    type: 'upgrade-attempt',
    runId,
    instanceId: 'chaos-instance',
    customizationId,
    kind: customizationId.startsWith('2a') ? 'language' : 'acoustic',
    modelName: customizationId.slice(0, 6),
    baseModelName: base,
    trigger: { type: 'release', id: 'chaos-release' },
    statusBefore: 'available',
    versionBefore: `${base}.v2020-01-16`,
    outcome,
    steps,
    startedAt: '2026-11-24T10:00:00.000Z',
    polls: 1,
    retries: 0,
    revision: 2,
  };
}

function step(runId: string, customizationId: string, name: string, detail: StepEvent['detail']): StepEvent {
  return { type: 'step', runId, customizationId, step: name, at: '2026-11-24T10:00:01.000Z', detail };
}

const withLanguageModel = { custom_language_model_id: PAIRED_LM };
const forced = `${UpgradeStep.UpgradeWithLanguageModel}-forced`;

/** Two units of one release fleet, every model upgraded once and recorded so, no claim left. */
function cleanRun(): AuditRecords {
  seq = 0;
  const loneUnit: UnitRecord = {
    fleetRunId: FLEET,
    unitRunId: 'unit-lone',
    attempts: [attempt('unit-lone', LONE, 'upgraded', [UpgradeStep.Upgrade])],
    steps: [step('unit-lone', LONE, UpgradeStep.Upgrade, { requested: true })],
  };
  const pairedUnit: UnitRecord = {
    fleetRunId: FLEET,
    unitRunId: 'unit-paired',
    attempts: [
      attempt('unit-paired', PAIRED_LM, 'upgraded', [UpgradeStep.Upgrade]),
      attempt('unit-paired', PAIRED_AM, 'upgraded', [UpgradeStep.Upgrade, forced]),
    ],
    steps: [
      step('unit-paired', PAIRED_LM, UpgradeStep.Upgrade, { requested: true }),
      step('unit-paired', PAIRED_AM, UpgradeStep.Upgrade, { requested: true }),
      step('unit-paired', PAIRED_AM, UpgradeStep.UpgradeWithLanguageModel, {
        requested: false,
        error: ErrorName.NoInputModified,
      }),
      step('unit-paired', PAIRED_AM, forced, { requested: true }),
    ],
  };
  return {
    instanceId: 'chaos-instance',
    target,
    expected: [
      { customizationId: LONE, kind: 'language' },
      { customizationId: PAIRED_LM, kind: 'language' },
      {
        customizationId: PAIRED_AM,
        kind: 'acoustic',
        languageModelId: PAIRED_LM,
        unmodifiedSinceTraining: true,
      },
    ],
    requestLog: [
      request(LONE),
      // A 503 before the request reached IBM: a fault, not an upgrade.
      request(PAIRED_LM, {}, 503),
      request(PAIRED_LM),
      request(PAIRED_AM),
      request(PAIRED_AM, withLanguageModel, 400),
      request(PAIRED_AM, { ...withLanguageModel, force: 'true' }),
    ],
    model: () => ({ versions: [`${base}.v2020-01-16`, target] }),
    units: [loneUnit, pairedUnit],
    planned: [
      { fleetRunId: FLEET, modelIds: [LONE], stopped: false },
      { fleetRunId: FLEET, modelIds: [PAIRED_LM, PAIRED_AM], stopped: false },
    ],
    claims: [],
    languageModelStepsRecorded: new Set([PAIRED_AM]),
    claimsHeldAfterStop: [],
    fleets: [{ name: FLEET, summaryUpgraded: 3 }],
  };
}

/** The run's records with one unit's attempts or steps changed. */
function changeUnit(
  records: AuditRecords,
  unitRunId: string,
  change: (unit: UnitRecord) => Partial<UnitRecord>,
): AuditRecords {
  return {
    ...records,
    units: records.units.map((unit) => (unit.unitRunId === unitRunId ? { ...unit, ...change(unit) } : unit)),
  };
}

type FindingList = {
  [K in keyof AuditFigures]: AuditFigures[K] extends readonly { problem: string }[] ? K : never;
}[keyof AuditFigures];

const findingLists: FindingList[] = [
  'duplicateAcceptedUpgrades',
  'historyDisagreements',
  'plannedWithoutFinalRecord',
  'pairedOwingSecondStep',
  'forceWithoutNoInputModified',
  'claimsHeld',
  'claimsHeldAfterStop',
];

const planted: {
  fault: string;
  plant: (records: AuditRecords) => AuditRecords;
  reported: FindingList;
  customizationId: string;
  problem: string;
}[] = [
  {
    fault: 'a model upgraded twice (the second answer lost)',
    plant: (r) => ({
      ...r,
      requestLog: [...r.requestLog, request(LONE, {}, 502, { answerLost: '502', appliedStatus: 200 })],
    }),
    reported: 'duplicateAcceptedUpgrades',
    customizationId: LONE,
    problem: 'upgrade applied 2 times',
  },
  {
    fault: 'an upgrade IBM made, recorded as failed',
    plant: (r) =>
      changeUnit(r, 'unit-lone', () => ({ attempts: [attempt('unit-lone', LONE, 'failed', ['upgrade'])] })),
    reported: 'historyDisagreements',
    customizationId: LONE,
    problem: 'IBM upgraded it; recorded upgraded in 0 runs',
  },
  {
    fault: 'a model recorded upgraded that IBM did not upgrade',
    plant: (r) => ({
      ...r,
      model: (id) => ({ versions: id === LONE ? [`${base}.v2020-01-16`] : [target] }),
    }),
    reported: 'historyDisagreements',
    customizationId: LONE,
    problem: 'recorded upgraded in unit-lone; IBM did not upgrade it',
  },
  {
    fault: 'a step recorded as requested that IBM never applied',
    plant: (r) => ({ ...r, requestLog: r.requestLog.filter((e) => e.customizationId !== LONE) }),
    reported: 'historyDisagreements',
    customizationId: LONE,
    problem: 'unit-lone records upgrade as started; IBM applied none',
  },
  {
    fault: 'one step IBM applied, recorded as requested by two runs',
    plant: (r) =>
      changeUnit(r, 'unit-paired', (unit) => ({
        steps: [...unit.steps, step('unit-paired', LONE, UpgradeStep.Upgrade, { requested: true })],
      })),
    reported: 'historyDisagreements',
    customizationId: LONE,
    problem: 'IBM applied upgrade; 2 runs record it as started',
  },
  {
    fault: 'a planned model with no attempt',
    plant: (r) =>
      changeUnit(r, 'unit-paired', (unit) => ({
        attempts: unit.attempts.filter((a) => a.customizationId !== PAIRED_LM),
      })),
    reported: 'plannedWithoutFinalRecord',
    customizationId: PAIRED_LM,
    problem: `planned by ${FLEET}, no attempt recorded`,
  },
  {
    fault: 'a planned model whose attempt never ended',
    plant: (r) =>
      changeUnit(r, 'unit-lone', () => ({ attempts: [attempt('unit-lone', LONE, 'in-progress', [])] })),
    reported: 'plannedWithoutFinalRecord',
    customizationId: LONE,
    problem: 'unit-lone left its attempt in progress',
  },
  {
    fault: 'a paired acoustic model whose second step IBM never applied last',
    plant: (r) => ({ ...r, requestLog: r.requestLog.filter((e) => e.query.force !== 'true') }),
    reported: 'pairedOwingSecondStep',
    customizationId: PAIRED_AM,
    problem: 'IBM never applied its with-language-model step last',
  },
  {
    fault: 'a paired acoustic model whose second step the history does not record',
    plant: (r) => ({ ...r, languageModelStepsRecorded: new Set() }),
    reported: 'pairedOwingSecondStep',
    customizationId: PAIRED_AM,
    problem: 'history does not record its with-language-model step',
  },
  {
    fault: 'force sent without IBM answering "No input data modified" first',
    plant: (r) => ({ ...r, requestLog: r.requestLog.filter((e) => e.status !== 400) }),
    reported: 'forceWithoutNoInputModified',
    customizationId: PAIRED_AM,
    problem: 'force sent (request 6) without a prior "No input data modified"',
  },
  {
    fault: 'a claim held after every run ended',
    plant: (r) => ({
      ...r,
      claims: [{ customizationId: PAIRED_AM, runId: 'unit-paired', claimedAt: '2026-11-24T10:00:00.000Z' }],
    }),
    reported: 'claimsHeld',
    customizationId: PAIRED_AM,
    problem: 'still claimed by unit-paired since 2026-11-24T10:00:00.000Z',
  },
  {
    fault: 'a claim of the stopped fleet run held when the scan started',
    plant: (r) => ({ ...r, claimsHeldAfterStop: [{ customizationId: LONE, runId: 'unit-lone' }] }),
    reported: 'claimsHeldAfterStop',
    customizationId: LONE,
    problem: 'claimed by unit-lone of the stopped fleet run when the scan started',
  },
];

describe('the chaos audit', () => {
  it('reports nothing of a clean run, and counts what IBM did', () => {
    const figures = auditRecords(cleanRun());
    for (const list of findingLists) expect(figures[list], list).toEqual([]);
    expect(figures).toMatchObject({
      modelsExpected: 3,
      modelsUpgraded: 3,
      fleetCounts: [{ fleetRunId: FLEET, summaryUpgraded: 3, ibmUpgraded: 3 }],
      ibmCalls: 6,
      upgradeRequests: 6,
      injectedFaults: 1,
      lostAnswers: 0,
    });
  });

  it('plants a fault of every kind it reports', () => {
    expect(new Set(planted.map((p) => p.reported))).toEqual(new Set(findingLists));
  });

  it.each(planted)('reports $fault', ({ plant, reported, customizationId, problem }) => {
    const figures = auditRecords(plant(cleanRun()));
    expect(figures[reported]).toContainEqual({ customizationId, problem: expect.stringContaining(problem) });
  });

  it('shows a fleet summary that counts other upgrades than IBM made in its run', () => {
    const figures = auditRecords({ ...cleanRun(), fleets: [{ name: FLEET, summaryUpgraded: 2 }] });
    expect(figures.fleetCounts).toEqual([{ fleetRunId: FLEET, summaryUpgraded: 2, ibmUpgraded: 3 }]);
  });

  it('counts a lost answer IBM applied as one upgrade in the fleet, not as an injected fault', () => {
    const records = cleanRun();
    const lost = request(LONE, {}, 502, { answerLost: '502', appliedStatus: 200 });
    const figures = auditRecords({
      ...records,
      requestLog: records.requestLog.map((e) => (e.customizationId === LONE ? { ...lost, seq: e.seq } : e)),
    });
    expect(figures).toMatchObject({ lostAnswers: 1, injectedFaults: 1 });
    expect(figures.fleetCounts[0]?.ibmUpgraded).toBe(3);
    expect(figures.historyDisagreements).toEqual([]);
  });
});
