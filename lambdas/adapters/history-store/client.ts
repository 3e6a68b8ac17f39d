import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface HistoryStoreOptions {
  readonly tableName: string;
  /** DynamoDB endpoint: dynalite or DynamoDB Local in local mode and tests; omitted in AWS. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Emulators accept any signature, but the SDK still needs some credentials and a region to sign with. */
const emulatorCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const emulatorRegion = 'us-east-1';

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

export function createDocumentClient(options: HistoryStoreOptions): DynamoDBDocumentClient {
  const local = options.endpoint !== undefined && isLoopback(options.endpoint);
  const client = new DynamoDBClient({
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.region ? { region: options.region } : local ? { region: emulatorRegion } : {}),
    ...(options.credentials
      ? { credentials: options.credentials }
      : local
        ? { credentials: emulatorCredentials }
        : {}),
  });
  // Optional record fields are left out of items rather than stored as NULL.
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
