import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { type InstanceSettings, instanceSettingsSchema } from '#core/instance-settings.js';

/** An acoustic model and the custom language model it was trained with, as the operator declared. */
export interface ModelPairing {
  readonly acousticModelId: string;
  readonly languageModelId: string;
}

/** One IBM Speech to Text instance the upgrader may act on, with what the operator said about it. */
export interface SttInstanceBinding {
  /** The instance id used in execution input and history keys. */
  readonly id: string;
  /** Holds the connection JSON (service URL and credentials); read by the handlers at cold start. */
  readonly secret: secretsmanager.ISecret;
  /**
   * Acoustic models and the language models they were trained with: the fleet planner groups
   * them into one unit.
   * @default - no pairings: every acoustic model is a unit of its own
   */
  readonly pairings?: readonly ModelPairing[];
  /**
   * Platform, retraining opt-in and test sets of the instance.
   * @default - IBM Cloud, no retraining, no test sets
   */
  readonly settings?: Partial<InstanceSettings>;
}

/**
 * What every handler of the state machines is told about the instances: where history goes, the
 * secret of each (ARNs only; the handlers read the credentials themselves) and its settings,
 * resolved through the same schema the handlers parse them with.
 */
export function instanceEnvironment(
  historyTable: { readonly tableName: string },
  instances: readonly SttInstanceBinding[],
): Record<string, string> {
  const settings = Object.fromEntries(
    instances.map((instance) => [instance.id, instanceSettingsSchema.parse(instance.settings ?? {})]),
  );
  return {
    HISTORY_TABLE_NAME: historyTable.tableName,
    STT_INSTANCES: JSON.stringify(instances.map((i) => ({ id: i.id, secretArn: i.secret.secretArn }))),
    INSTANCE_SETTINGS: JSON.stringify(settings),
  };
}
