import { createMigrationStt } from '#adapters/migration/migration-stt.js';
import { createSttService, type SttConnection } from '#adapters/stt/index.js';
import { SdkPinnedRecognizer } from '#adapters/stt/pinned-recognizer.js';
import { createRecognizer } from '#adapters/stt/recognizer.js';
import type { MigrationStt } from '#core/migration/index.js';
import type { SttService } from '#core/model/custom-model.js';
import type { Recognizer } from '#core/verification/recognition-parameters.js';
import type { PinnedRecognizer } from '#core/watch/index.js';

/** The IBM clients of a configured instance; each rejects with `InvalidInput` for an unknown one. */
export interface SttClients {
  /** Custom models: list, read, upgrade, train. */
  stt(instanceId: string): Promise<SttService>;
  /** `/v1/recognize` with a version pinned (verification, the planner's probe). */
  recognizer(instanceId: string): Promise<Recognizer>;
  /** `/v1/recognize` with the watch's pinned parameters. */
  pinnedRecognizer(instanceId: string): Promise<PinnedRecognizer>;
  /** What a migration to a large speech model asks of IBM. */
  migrationStt(instanceId: string): Promise<MigrationStt>;
}

/**
 * Clients made on first use and kept per connection: the SDK keeps its IAM token between calls, and
 * a re-read secret is a new connection, so rotated credentials get new clients.
 */
export function sttClients(connectionOf: (instanceId: string) => Promise<SttConnection>): SttClients {
  const perConnection = <T>(create: (connection: SttConnection) => T) => {
    const made = new WeakMap<SttConnection, T>();
    return async (instanceId: string): Promise<T> => {
      const connection = await connectionOf(instanceId);
      const client = made.get(connection) ?? create(connection);
      made.set(connection, client);
      return client;
    };
  };
  return {
    stt: perConnection(createSttService),
    recognizer: perConnection(createRecognizer),
    pinnedRecognizer: perConnection((connection) => new SdkPinnedRecognizer(connection)),
    migrationStt: perConnection(createMigrationStt),
  };
}
