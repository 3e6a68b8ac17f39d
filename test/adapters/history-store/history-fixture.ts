import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { HistoryStore } from '#adapters/history-store/index.js';
import type { FleetPlanRecord } from '#core/fleet/fleet-records.js';
import { HistoryTable } from '#lib/constructs/history-table.js';
import {
  createTablesFromTemplate,
  type DynamoFaultsInput,
  type LocalDynamo,
  startLocalDynamo,
} from '#local/dynamodb/index.js';

/** The CloudFormation template of a stack holding only the history table, and the table's logical id. */
export async function synthesizeHistoryTable(): Promise<{ template: unknown; logicalId: string }> {
  const outdir = await mkdtemp(path.join(tmpdir(), 'history-synth-'));
  try {
    const stack = new Stack(new App({ outdir }), 'HistoryOnly');
    const history = new HistoryTable(stack, 'History', { removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack).toJSON();
    return { template, logicalId: stack.getLogicalId(history.table.node.defaultChild as CfnTable) };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

export interface HistoryFixture {
  readonly dynamo: LocalDynamo;
  readonly tableName: string;
  readonly store: HistoryStore;
  /** For writing items the store never would, and reading raw ones. */
  readonly raw: DynamoDBDocumentClient;
  stop(): Promise<void>;
}

/**
 * dynalite in memory (or at `path`), with the history table created from the synthesized template;
 * behind the fault front when `faults` is given.
 */
export async function startHistoryFixture(
  options: { path?: string; faults?: DynamoFaultsInput } = {},
): Promise<HistoryFixture> {
  const { template, logicalId } = await synthesizeHistoryTable();
  const dynamo = await startLocalDynamo(options);
  const tables = await createTablesFromTemplate(template, dynamo.endpoint);
  const tableName = tables[logicalId];
  if (!tableName) throw new Error(`no table created for ${logicalId}`);
  const rawClient = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    dynamo,
    tableName,
    store: new HistoryStore({ tableName, endpoint: dynamo.endpoint }),
    raw: DynamoDBDocumentClient.from(rawClient),
    async stop() {
      rawClient.destroy();
      await dynamo.stop();
    },
  };
}

export const trigger = { type: 'manual', id: 'operator' } as const;

/** The plan of a fleet run of two units on one page, with nothing opaque, unpaired or unreachable. */
export const twoUnitFleetPlan: FleetPlanRecord = {
  instances: [],
  unitCount: 2,
  pageCount: 1,
  opaqueCount: 0,
  opaque: [],
  pairingProblemCount: 0,
  pairingProblems: [],
  targets: {},
  unreachableInstances: [],
  maxRegressedUnits: null,
};
export const instanceId = 'inst-1';
export const languageModelId = '11111111-1111-4111-8111-111111111111';
export const acousticModelId = '22222222-2222-4222-8222-222222222222';

/** A new attempt for `customizationId` in `runId`, started at `startedAt`. */
export function newAttempt(runId: string, customizationId: string, startedAt: string) {
  return {
    runId,
    instanceId,
    customizationId,
    kind: 'language',
    modelName: 'call-center',
    baseModelName: 'en-US_Telephony',
    trigger,
    statusBefore: 'available',
    versionBefore: 'en-US_Telephony.v2024-01-01',
    startedAt,
  } as const;
}
