import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { describeIssues } from '#core/contract/parse.js';

const keySchemaSchema = z
  .array(z.object({ AttributeName: z.string(), KeyType: z.enum(['HASH', 'RANGE']) }))
  .min(1);
const throughputSchema = z.object({ ReadCapacityUnits: z.number(), WriteCapacityUnits: z.number() });

/** The parts of an `AWS::DynamoDB::Table` the emulator needs; the rest (PITR, SSE, ...) is AWS's business. */
const tablePropertiesSchema = z.object({
  /** A plain string when set: a name built from intrinsics cannot be resolved here. */
  TableName: z.string().min(1).optional(),
  KeySchema: keySchemaSchema,
  AttributeDefinitions: z.array(
    z.object({ AttributeName: z.string(), AttributeType: z.enum(['S', 'N', 'B']) }),
  ),
  BillingMode: z.enum(['PAY_PER_REQUEST', 'PROVISIONED']).optional(),
  ProvisionedThroughput: throughputSchema.optional(),
  GlobalSecondaryIndexes: z
    .array(
      z.object({
        IndexName: z.string(),
        KeySchema: keySchemaSchema,
        Projection: z.object({
          ProjectionType: z.enum(['ALL', 'KEYS_ONLY', 'INCLUDE']).optional(),
          NonKeyAttributes: z.array(z.string()).optional(),
        }),
        ProvisionedThroughput: throughputSchema.optional(),
      }),
    )
    .optional(),
});

const templateSchema = z.object({
  Resources: z.record(z.string(), z.object({ Type: z.string(), Properties: z.unknown().optional() })),
});

/** Emulators accept any signature; the SDK still wants some credentials and a region to sign with. */
const emulatorClientConfig = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

/**
 * Creates every DynamoDB table of a synthesized CloudFormation template in the emulator at
 * `endpoint`, as the template declares its keys and indexes. A table that exists is left as it is,
 * so data kept on disk survives between local runs. Returns table names by logical id.
 */
export async function createTablesFromTemplate(
  template: unknown,
  endpoint: string,
): Promise<Record<string, string>> {
  const parsed = templateSchema.safeParse(template);
  if (!parsed.success) {
    throw new Error(`Not a CloudFormation template: ${describeIssues(parsed.error).join('; ')}`);
  }
  const client = new DynamoDBClient({ ...emulatorClientConfig, endpoint });
  try {
    const names: Record<string, string> = {};
    for (const [logicalId, resource] of Object.entries(parsed.data.Resources)) {
      if (resource.Type !== 'AWS::DynamoDB::Table') continue;
      const input = createTableInput(logicalId, resource.Properties);
      await createUnlessExists(client, input);
      names[logicalId] = input.TableName ?? logicalId;
    }
    return names;
  } finally {
    client.destroy();
  }
}

function createTableInput(logicalId: string, properties: unknown): CreateTableCommandInput {
  const parsed = tablePropertiesSchema.safeParse(properties);
  if (!parsed.success) {
    throw new Error(`Table ${logicalId} in the template: ${describeIssues(parsed.error).join('; ')}`);
  }
  const table = parsed.data;
  return {
    TableName: table.TableName ?? logicalId,
    KeySchema: table.KeySchema,
    AttributeDefinitions: table.AttributeDefinitions,
    BillingMode: table.BillingMode ?? 'PROVISIONED',
    ...(table.ProvisionedThroughput ? { ProvisionedThroughput: table.ProvisionedThroughput } : {}),
    ...(table.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: table.GlobalSecondaryIndexes } : {}),
  };
}

async function createUnlessExists(client: DynamoDBClient, input: CreateTableCommandInput): Promise<void> {
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) {
      throw new Error(`Creating table ${input.TableName} failed: ${String(error)}`, { cause: error });
    }
  }
  await waitUntilActive(client, input.TableName ?? '');
}

/** dynalite keeps a new table `CREATING` for a moment; the SDK waiter would poll only once a second. */
async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`Table ${tableName} did not become ACTIVE within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
