import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { type InstanceSettings, instanceSettingsSchema } from '#core/settings/instance-settings.js';
import type { DeployedSettings } from '#core/settings/settings-documents.js';

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
   * What the handlers pass to GetSecretValue: the secret's name or its complete ARN, never the
   * partial ARN CDK gives a secret imported by name.
   */
  readonly secretId: string;
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
 * The settings store's deployed object for these instances: each one's secret, its settings
 * resolved through the schema the handlers parse them with, and its declared pairings.
 */
export function deployedSettingsOf(
  instances: readonly Omit<SttInstanceBinding, 'secret'>[],
): DeployedSettings {
  return {
    instances: Object.fromEntries(
      instances.map((instance) => [
        instance.id,
        {
          secretId: instance.secretId,
          settings: instanceSettingsSchema.parse(instance.settings ?? {}),
          pairings: (instance.pairings ?? []).map(({ acousticModelId, languageModelId }) => ({
            acousticModelId,
            languageModelId,
          })),
        },
      ]),
    ),
  };
}
