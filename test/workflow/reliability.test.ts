import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditFigures, auditChaosRun } from '#bench/chaos-audit.js';
import { type ChaosRun, chaosDynamoFaults, runChaos } from '#bench/chaos-scenario.js';

/**
 * About 100 models behind a release, 20% of IBM calls failing (429, 503, dropped connections) and
 * 10% of applied upgrade requests losing their answer; 5% of DynamoDB requests throttled, failed
 * with 500, or applied with their answer lost, and its indexes a minute behind; the release fleet
 * started three times under one name while a scheduled scan runs. What IBM did and what the
 * history says must agree.
 */
let chaos: ChaosRun;
let figures: AuditFigures;
beforeAll(async () => {
  chaos = await runChaos({
    size: 100,
    seed: 8,
    fleetMaxConcurrency: 10,
    faultRate: 0.2,
    lostAnswerRate: 0.1,
    dynamoFaults: chaosDynamoFaults(8, 0.05, 60_000),
  });
  figures = await auditChaosRun(chaos);
  // About 190 s with the other core busy (DynamoDB's retries wait); the guard is five times that.
}, 1_000_000);
afterAll(async () => {
  await chaos?.stop();
});

describe('reliability under IBM and DynamoDB faults and lost answers: 100 models, release started 3 times plus a scan', () => {
  it('really injected the faults and lost answers it claims to', () => {
    expect(chaos.releaseStartsJoined).toBe(true);
    expect(figures.injectedFaults / figures.ibmCalls).toBeGreaterThan(0.1);
    expect(figures.lostAnswers).toBeGreaterThan(3);
    const dynamo = chaos.dynamoFaults();
    expect(dynamo?.throttled).toBeGreaterThan(10);
    expect(dynamo?.serverErrors).toBeGreaterThan(10);
    expect((dynamo?.lostAnswers.reset ?? 0) + (dynamo?.lostAnswers.serverError ?? 0)).toBeGreaterThan(10);
  });

  it('upgrades every model at IBM, each step applied once', () => {
    expect(figures.modelsExpected).toBe(100);
    expect(figures.modelsUpgraded).toBe(100);
    expect(figures.duplicateAcceptedUpgrades).toEqual([]);
  });

  it('records every upgrade IBM made as upgraded in exactly one run, and no other', () => {
    expect(figures.historyDisagreements).toEqual([]);
  });

  it('leaves no planned model without a final record', () => {
    expect(figures.plannedWithoutFinalRecord).toEqual([]);
  });

  it('leaves no acoustic model trained with its language model owing its second step', () => {
    expect(figures.pairedOwingSecondStep).toEqual([]);
  });

  it('leaves no claim held once every run ended', () => {
    expect(figures.claimsHeld).toEqual([]);
  });

  it('sends force only after IBM answered "No input data modified"', () => {
    expect(figures.forceWithoutNoInputModified).toEqual([]);
  });

  it('counts in each fleet summary the models IBM upgraded in that fleet run', () => {
    expect(figures.fleetCounts).toHaveLength(2);
    for (const fleet of figures.fleetCounts) expect(fleet.summaryUpgraded).toBe(fleet.ibmUpgraded);
    expect(figures.fleetCounts.reduce((sum, f) => sum + f.ibmUpgraded, 0)).toBe(100);
  });
});
