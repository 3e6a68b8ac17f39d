import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseSttConnection, type SttConnection } from '#adapters/stt/index.js';
import { InvalidInputError } from '#core/contract/errors.js';

/**
 * Reads an instance's connection (service URL and credentials) from Secrets Manager and keeps it
 * for a bounded time, so a rotated secret is picked up without a redeploy and a warm Lambda does
 * not call Secrets Manager on every poll. Secret values never appear in errors.
 */
export class ConnectionSecrets {
  private readonly cache = new Map<string, { connection: SttConnection; fetchedAt: number }>();

  constructor(
    private readonly client: SecretsManagerClient = new SecretsManagerClient({}),
    private readonly maxAgeMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(secretId: string): Promise<SttConnection> {
    const cached = this.cache.get(secretId);
    if (cached && this.now() - cached.fetchedAt < this.maxAgeMs) return cached.connection;
    const answer = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const connection = parseConnectionSecret(secretId, answer.SecretString);
    this.cache.set(secretId, { connection, fetchedAt: this.now() });
    return connection;
  }
}

/** Parses a secret's JSON; errors name the secret and the fields, never the values. */
export function parseConnectionSecret(secretId: string, secretString: string | undefined): SttConnection {
  const what = `STT connection secret ${secretId}`;
  if (!secretString)
    throw new InvalidInputError(what, ['the secret has no string value: store the connection JSON']);
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch {
    throw new InvalidInputError(what, ['the secret is not JSON']);
  }
  try {
    return parseSttConnection(json);
  } catch (error) {
    if (error instanceof InvalidInputError) throw new InvalidInputError(what, error.issues);
    throw error;
  }
}
