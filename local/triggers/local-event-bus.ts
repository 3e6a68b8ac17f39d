import { randomUUID } from 'node:crypto';
import {
  BASE_MODEL_UPDATED,
  type BaseModelUpdatedDetail,
  EVENT_SOURCE,
} from '#core/release/release-event.js';
import type { ReleaseEventPublisher } from '#core/release/trigger-ports.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '#local/executor/index.js';

/** One event the local bus delivered, and what its target made of it. */
export interface LocalDelivery {
  readonly event: Record<string, unknown>;
  readonly result?: unknown;
  /** Set when the target threw: in AWS the event would be retried, then sent to the dead-letter queue. */
  readonly error?: Error;
}

export interface LocalEventBusOptions {
  /** The rule's target for `Base Model Updated`: the on-release handler. */
  readonly onBaseModelUpdated: (event: unknown) => Promise<unknown>;
  /** The `time` of each envelope; default the wall clock. */
  readonly now?: () => Date;
}

/**
 * The event bus of local mode: wraps each detail in the envelope EventBridge delivers and hands it
 * to the on-release handler, as the stack's rule does. Unlike EventBridge it delivers before
 * `publish` resolves, one event after another, so a local run ends when its fleet runs have; a
 * failing target does not fail the publisher (as in AWS) but is kept in `deliveries`.
 */
export class LocalEventBus implements ReleaseEventPublisher {
  readonly deliveries: LocalDelivery[] = [];

  constructor(private readonly options: LocalEventBusOptions) {}

  async publish(details: readonly BaseModelUpdatedDetail[]): Promise<void> {
    for (const detail of details) {
      const event = {
        version: '0',
        id: randomUUID(),
        'detail-type': BASE_MODEL_UPDATED,
        source: EVENT_SOURCE,
        account: LOCAL_ACCOUNT,
        time: (this.options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: LOCAL_REGION,
        resources: [],
        // A copy through JSON, as over the wire: the target cannot change the publisher's objects.
        detail: JSON.parse(JSON.stringify(detail)) as unknown,
      };
      try {
        this.deliveries.push({ event, result: await this.options.onBaseModelUpdated(event) });
      } catch (error) {
        this.deliveries.push({ event, error: error instanceof Error ? error : new Error(String(error)) });
      }
    }
  }
}
