import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { NotificationsConfig } from '#lib/config/deploy-config.js';

export interface NotificationsProps {
  /** Emails and an optional existing topic; absent: a new topic without subscriptions. */
  readonly config?: NotificationsConfig | undefined;
}

/** The fleet summary's status when no model was behind its base model (see fleet-records.ts). */
export const nothingToUpgrade = 'NothingToUpgrade';

/** A value of an event pattern's `stateMachineArn`: an ARN, or the prefix of a fleet's labelled unit ARNs. */
export type StateMachineArnPattern = string | { readonly prefix: string };

/** Terminal statuses of an execution that someone has to look at. */
const failedStatuses = ['FAILED', 'TIMED_OUT', 'ABORTED'];

/**
 * The SNS topic operators hear from: alarms, one message per failed unit execution, one per
 * finished fleet run. Messages come from EventBridge rules on Step Functions' own
 * `Execution Status Change` events, so no handler code sends them and a unit that dies in a way
 * no handler sees (timeout, abort, a state machine error) is still reported.
 */
export class Notifications extends Construct {
  readonly topic: sns.ITopic;
  /** Whether a fleet run that found nothing to upgrade still sends its message. */
  readonly notifyWhenNothingFound: boolean;

  constructor(scope: Construct, id: string, props: NotificationsProps = {}) {
    super(scope, id);
    const config = props.config;
    this.notifyWhenNothingFound = config?.notifyWhenNothingFound ?? false;
    if (config?.topicArn) {
      // Its key policy must let events.amazonaws.com and cloudwatch.amazonaws.com use its key.
      this.topic = sns.Topic.fromTopicArn(this, 'Topic', config.topicArn);
    } else {
      // A customer key: EventBridge and CloudWatch alarms cannot publish to a topic under the
      // AWS-managed SNS key, whose policy nobody can extend.
      const key = new kms.Key(this, 'Key', {
        description: 'Encrypts the STT model upgrader notification topic',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.DESTROY,
        pendingWindow: Duration.days(7),
      });
      for (const service of ['events.amazonaws.com', 'cloudwatch.amazonaws.com']) {
        key.grant(new iam.ServicePrincipal(service), 'kms:Decrypt', 'kms:GenerateDataKey*');
      }
      this.topic = new sns.Topic(this, 'Topic', {
        displayName: 'STT model upgrader',
        masterKey: key,
        enforceSSL: true,
      });
    }
    for (const email of config?.emails ?? []) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
  }

  /**
   * One message per execution that fails, times out or is aborted, of the state machines
   * `stateMachineArn` matches: EventBridge values (an ARN, or `{ prefix }` for a fleet's labelled units).
   */
  notifyOnFailedExecutions(
    id: string,
    stateMachineArn: readonly StateMachineArnPattern[],
    what: string,
  ): events.Rule {
    return this.rule(id, stateMachineArn, failedStatuses, (e) =>
      [
        `STT model upgrader: ${what} ${e.name} ended ${e.status}.`,
        `Error: ${e.error}. Cause: ${e.cause}.`,
        `Execution: ${e.link}`,
      ].join(' '),
    );
  }

  /**
   * One message per finished fleet run, with its output (the fleet summary, which lists failed
   * units). A run whose summary says `NothingToUpgrade` (a daily scan that found nothing) stays
   * quiet unless `notifyWhenNothingFound` is set: the rule filters on the output with a wildcard.
   */
  notifyOnFleetRuns(id: string, stateMachine: sfn.IStateMachine, what = 'fleet run'): events.Rule[] {
    const text = (e: Record<'name' | 'status' | 'error' | 'cause' | 'output' | 'link', string>) =>
      [
        `STT model upgrader: ${what} ${e.name} ended ${e.status}.`,
        `Summary: ${e.output} ${e.error} ${e.cause}`,
        `Execution: ${e.link}`,
      ].join(' ');
    const quiet = this.notifyWhenNothingFound
      ? {}
      : { output: events.Match.anythingButWildcard(`*"status":"${nothingToUpgrade}"*`) };
    return [
      this.rule(`${id}Failed`, [stateMachine.stateMachineArn], failedStatuses, text),
      this.rule(`${id}Succeeded`, [stateMachine.stateMachineArn], ['SUCCEEDED'], text, quiet),
    ];
  }

  private rule(
    id: string,
    stateMachineArn: readonly StateMachineArnPattern[],
    statuses: string[],
    text: (fields: Record<'name' | 'status' | 'error' | 'cause' | 'output' | 'link', string>) => string,
    detail: Record<string, unknown> = {},
  ): events.Rule {
    const field = (path: string) => events.EventField.fromPath(path);
    const region = Stack.of(this).region;
    const link = `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${field('$.detail.executionArn')}`;
    return new events.Rule(this, id, {
      description: `Notifies ${statuses.join('/')} executions (${id})`,
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [...stateMachineArn], status: statuses, ...detail },
      },
      targets: [
        new targets.SnsTopic(this.topic, {
          message: events.RuleTargetInput.fromText(
            text({
              name: field('$.detail.name'),
              status: field('$.detail.status'),
              error: field('$.detail.error'),
              cause: field('$.detail.cause'),
              output: field('$.detail.output'),
              link,
            }),
          ),
        }),
      ],
    });
  }
}
