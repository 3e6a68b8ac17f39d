import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface HistoryStoreOptions {
  readonly tableName: string;
  /** DynamoDB endpoint: dynalite or DynamoDB Local in local mode and tests; omitted in AWS. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * Attempts per DynamoDB request, first included. DynamoDB throttles and answers 500 at times; the
 * SDK's default of 3 fails about one request in 8,000 when 5 % of them meet a fault, and 6 about
 * one in 64 million. Backoff with full jitter (100 ms base, 500 ms for throttles) keeps the worst
 * case of one request near 16 s.
 */
export const DYNAMODB_MAX_ATTEMPTS = 6;

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
    maxAttempts: DYNAMODB_MAX_ATTEMPTS,
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
