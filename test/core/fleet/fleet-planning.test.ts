import { describe, expect, it } from 'vitest';
import { ErrorName, InvalidInputError, SttError, UpgraderError } from '#core/contract/errors.js';
import {
  failedProbeReading,
  fleetPages,
  fleetPlanRecord,
  instanceListing,
  selectInstances,
  unreachableInstance,
} from '#core/fleet/fleet-planning.js';
import { LISTED_MAX } from '#core/fleet/fleet-records.js';
import { MAX_PAGES_PER_FLEET, type UnitSelection } from '#core/fleet/unit-selection.js';
import { upgradeUnitInputSchema } from '#core/unit/unit-input.js';

const sttError = (name: ErrorName, message: string, status?: number) =>
  new SttError(name, message, { ibmMessage: message, status });

const configured = [
  { id: 'prod', pairings: [] },
  { id: 'test', pairings: [] },
  { id: 'eu', pairings: [] },
];

describe('selectInstances', () => {
  it.each([
    { instanceIds: undefined, selected: ['prod', 'test', 'eu'] },
    { instanceIds: ['eu', 'prod'], selected: ['prod', 'eu'] },
    { instanceIds: ['test'], selected: ['test'] },
  ])('$instanceIds selects $selected in configured order', ({ instanceIds, selected }) => {
    expect(selectInstances(configured, instanceIds).map((i) => i.id)).toEqual(selected);
  });

  it('names every unknown instance id', () => {
    const select = () => selectInstances(configured, ['prod', 'staging', 'dev']);
    expect(select).toThrow(InvalidInputError);
    expect(select).toThrow(
      "Fleet input is invalid: instanceIds: no STT instance 'staging' is configured; instanceIds: no STT instance 'dev' is configured",
    );
  });

  it("names the input it was given, as the migration fleet's", () => {
    expect(() => selectInstances(configured, ['dev'], 'Migration fleet input')).toThrow(
      "Migration fleet input is invalid: instanceIds: no STT instance 'dev' is configured",
    );
  });
});

describe('unreachableInstance', () => {
  it.each([
    {
      error: new UpgraderError(ErrorName.AuthFailed, 'bad key'),
      left: { error: 'AuthFailed', cause: 'bad key' },
    },
    {
      error: sttError(ErrorName.RequestRejected, 'no such URL', 404),
      left: { error: 'RequestRejected', cause: 'no such URL' },
    },
    {
      error: new InvalidInputError('Secret', ['apikey: missing']),
      left: { error: 'InvalidInput', cause: 'Secret is invalid: apikey: missing' },
    },
  ])('a named failure ($error.name) leaves the instance out', ({ error, left }) => {
    expect(unreachableInstance('prod', error)).toEqual({ instanceId: 'prod', ...left });
  });

  it.each([
    { why: 'a passing fault is retried', error: sttError(ErrorName.Transient, 'socket hang up') },
    { why: 'an unexpected error fails the run', error: new TypeError('x is undefined') },
  ])('$why', ({ error }) => {
    expect(unreachableInstance('prod', error)).toBeUndefined();
  });
});

describe('failedProbeReading', () => {
  it('counts a named failure as a model the probe could not recognise with', () => {
    expect(failedProbeReading('m-1', sttError(ErrorName.RequestRejected, 'refused'))).toEqual({
      customizationId: 'm-1',
      warnings: null,
    });
  });

  it('leaves an unexpected error to be raised', () => {
    expect(failedProbeReading('m-1', new RangeError('bug'))).toBeUndefined();
  });
});

describe('instanceListing', () => {
  const reads = {
    instanceId: 'prod',
    languageModels: [],
    acousticModels: [],
    pairings: [],
    languageModelStepsDone: new Set<string>(),
    retrainDates: { 'en-US_Telephony': '2026-12-01' },
    probe: undefined,
  };

  it.each([
    { runRetrains: undefined, instanceRetrains: false, dated: false },
    { runRetrains: undefined, instanceRetrains: true, dated: true },
    { runRetrains: true, instanceRetrains: false, dated: true },
    { runRetrains: false, instanceRetrains: true, dated: true },
  ])('run $runRetrains, instance $instanceRetrains: retrain dates given: $dated', (row) => {
    const listing = instanceListing({
      ...reads,
      runRetrains: row.runRetrains,
      settings: { retrainImprovedModels: row.instanceRetrains },
    });
    expect(listing.retrainDates !== undefined).toBe(row.dated);
  });

  it('passes on what the probe found behind, and nothing where no probe ran', () => {
    const behind = new Set(['m-1']);
    const settings = { retrainImprovedModels: false };
    const probed = instanceListing({
      ...reads,
      settings,
      runRetrains: undefined,
      probe: { probed: 2, failed: 0, behind },
    });
    expect(probed.probedBehind).toBe(behind);
    expect(instanceListing({ ...reads, settings, runRetrains: undefined }).probedBehind).toBeUndefined();
  });
});

const unit = (n: number) =>
  upgradeUnitInputSchema.parse({
    instanceId: 'prod',
    trigger: { type: 'schedule', id: '2026-12-01' },
    languageModelId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  });

const selection = (units: number, opaque = 0): UnitSelection => ({
  units: Array.from({ length: units }, (_, n) => unit(n)),
  instances: [{ instanceId: 'prod', modelsConsidered: units, modelsBehind: units, units }],
  opaque: Array.from({ length: opaque }, (_, n) => ({
    instanceId: 'prod',
    customizationId: `o-${n}`,
    kind: 'language' as const,
    baseModelName: 'en-US',
    versions: ['en-US.opaque'],
  })),
  pairingProblems: [],
  targets: {},
});

describe('fleetPages', () => {
  it('pages the units, each knowing its place', () => {
    const pages = fleetPages('fleet-1', selection(150));
    expect(pages.map((p) => p.units.length)).toEqual([100, 50]);
    expect(pages[1]?.units[0]?.fleet).toEqual({ runId: 'fleet-1', page: 2, item: 0 });
  });

  it('refuses more pages than one execution holds, and says how to narrow the run', () => {
    const units = MAX_PAGES_PER_FLEET * 100 + 1;
    expect(() => fleetPages('fleet-1', selection(units))).toThrow(
      `selects ${units} units in ${MAX_PAGES_PER_FLEET + 1} pages; one fleet run takes at most ${MAX_PAGES_PER_FLEET} pages: narrow it with instanceIds or baseModels`,
    );
  });
});

describe('fleetPlanRecord', () => {
  const context = {
    unreachableInstances: [],
    probes: [],
    runMaxRegressedUnits: undefined,
    configMaxRegressedUnits: undefined,
  };

  it.each([
    { run: undefined, config: undefined, gate: null },
    { run: undefined, config: 3, gate: 3 },
    { run: 1, config: 3, gate: 1 },
    { run: 5, config: undefined, gate: 5 },
  ])('run gate $run, config gate $config: the run stops at $gate', ({ run, config, gate }) => {
    const record = fleetPlanRecord(selection(1), 1, {
      ...context,
      runMaxRegressedUnits: run,
      configMaxRegressedUnits: config,
    });
    expect(record.maxRegressedUnits).toBe(gate);
  });

  it('keeps counts exact and lists capped', () => {
    const record = fleetPlanRecord(selection(2, LISTED_MAX + 5), 1, context);
    expect(record).toMatchObject({ unitCount: 2, pageCount: 1, opaqueCount: LISTED_MAX + 5 });
    expect(record.opaque).toHaveLength(LISTED_MAX);
    expect(record.probe).toBeUndefined();
  });

  it('totals the probes of every instance', () => {
    const probes = [
      { probed: 3, failed: 1, behind: new Set(['a']) },
      { probed: 2, failed: 0, behind: new Set(['b', 'c']) },
    ];
    expect(fleetPlanRecord(selection(1), 1, { ...context, probes }).probe).toMatchObject({
      models: 5,
      behind: 3,
      failed: 1,
    });
  });
});
