import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Notice, Notifier } from '#core/contract/notifier.js';
import { type AwsEndpointOptions, awsClientConfig } from './aws-endpoint.js';

/** Publishes notices to the operators' SNS topic. */
export class SnsNotifier implements Notifier {
  private readonly client: SNSClient;

  constructor(
    private readonly topicArn: string,
    options: AwsEndpointOptions = {},
  ) {
    this.client = new SNSClient(awsClientConfig(options));
  }

  async notify(notice: Notice): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: snsSubject(notice.subject),
        Message: notice.message,
      }),
    );
  }
}

/** SNS takes subjects of printable ASCII without line breaks, under 100 characters. */
function snsSubject(subject: string): string {
  return subject.replace(/[^\x20-\x7e]/g, '?').slice(0, 99);
}
