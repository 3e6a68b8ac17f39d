import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import {
  BASE_MODEL_UPDATED,
  type BaseModelUpdatedDetail,
  EVENT_SOURCE,
} from '#core/release/release-event.js';
import type { ReleaseEventPublisher } from '#core/release/trigger-ports.js';
import { type AwsEndpointOptions, awsClientConfig } from './aws-endpoint.js';

/** PutEvents takes at most 10 entries a call. */
const BATCH = 10;

export interface EventPublisherOptions extends AwsEndpointOptions {
  /** Name or ARN of the bus; default: the account's default bus. */
  readonly eventBusName?: string;
}

/** PutEvents refused some entries (throttling, an internal failure); they are named with EventBridge's reason. */
export class EventPublishError extends Error {
  override readonly name = 'EventPublishError';
}

/** Puts `Base Model Updated` events on an EventBridge bus. */
export class EventBridgePublisher implements ReleaseEventPublisher {
  private readonly client: EventBridgeClient;
  private readonly eventBusName: string;

  constructor(options: EventPublisherOptions = {}) {
    this.client = new EventBridgeClient(awsClientConfig(options));
    this.eventBusName = options.eventBusName ?? 'default';
  }

  async publish(details: readonly BaseModelUpdatedDetail[]): Promise<void> {
    for (let start = 0; start < details.length; start += BATCH) {
      const batch = details.slice(start, start + BATCH);
      const entries: PutEventsRequestEntry[] = batch.map((detail) => ({
        EventBusName: this.eventBusName,
        Source: EVENT_SOURCE,
        DetailType: BASE_MODEL_UPDATED,
        Detail: JSON.stringify(detail),
      }));
      const output = await this.client.send(new PutEventsCommand({ Entries: entries }));
      const failed = (output.Entries ?? [])
        .map((result, index) => ({ result, detail: batch[index] }))
        .filter(({ result }) => result.ErrorCode !== undefined);
      if ((output.FailedEntryCount ?? 0) > 0 || failed.length > 0) {
        const reasons = failed.map(({ result, detail }) =>
          `${detail?.entryId ?? '?'}: ${result.ErrorCode} ${result.ErrorMessage ?? ''}`.trim(),
        );
        throw new EventPublishError(
          `EventBridge bus '${this.eventBusName}' refused ${output.FailedEntryCount ?? failed.length} of ` +
            `${batch.length} '${BASE_MODEL_UPDATED}' events: ${reasons.join('; ') || 'no reason given'}`,
        );
      }
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
