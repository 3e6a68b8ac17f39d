import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/** Names of the tables a local DynamoDB holds; local mode names them after their logical ids. */
export async function listLocalTables(endpoint: string): Promise<string[]> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
  } finally {
    client.destroy();
  }
}
