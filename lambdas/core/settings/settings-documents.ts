import { z } from 'zod';
import type { ModelPairing } from '../fleet/unit-grouping.js';
import { customizationIdSchema, instanceIdSchema } from '../unit/unit-input.js';
import { type InstanceSettings, instanceSettingsSchema } from './instance-settings.js';

/**
 * The settings store: the instances, their settings and their pairings, kept outside the Lambda
 * environment (which holds 4 KB) in two JSON objects of the stack's settings bucket, or of a
 * directory in local mode. The deploy writes one, the operator's CLI the other, so a redeploy
 * never undoes an import.
 */
export const SettingsObjectKey = {
  /** Written by every deploy from the deploy config: instances, settings, declared pairings. */
  Deployed: 'deployed/settings.json',
  /** Written by `stt-upgrader pairings import`: pairings that add to or override the declared ones. */
  OperatorPairings: 'operator/pairings.json',
} as const;
export type SettingsObjectKey = (typeof SettingsObjectKey)[keyof typeof SettingsObjectKey];

export const pairingSchema = z.strictObject({
  acousticModelId: customizationIdSchema,
  languageModelId: customizationIdSchema,
});

/** One instance as the deploy declares it. */
export const deployedInstanceSchema = z.strictObject({
  /**
   * What handlers pass to GetSecretValue: the secret's name, or its complete ARN. Never a partial
   * ARN: Secrets Manager takes one whose name ends in `-` and six characters for a complete one.
   */
  secretId: z.string().min(1),
  settings: instanceSettingsSchema,
  pairings: z.array(pairingSchema),
});
export type DeployedInstance = z.infer<typeof deployedInstanceSchema>;

export const deployedSettingsSchema = z.strictObject({
  instances: z.record(instanceIdSchema, deployedInstanceSchema),
});
export type DeployedSettings = z.infer<typeof deployedSettingsSchema>;

export const operatorPairingsSchema = z.strictObject({
  instances: z.record(instanceIdSchema, z.array(pairingSchema)),
});
export type OperatorPairings = z.infer<typeof operatorPairingsSchema>;

/** Where a pairing comes from: the deploy config, or an operator's import. */
export type PairingSource = 'deployed' | 'operator';

/** A pairing as the planner and the operator see it, with its instance and where it comes from. */
export interface InstancePairing extends ModelPairing {
  readonly instanceId: string;
  readonly source: PairingSource;
}

/** What handlers read from the store: both objects, merged. */
export class SettingsSnapshot {
  private readonly merged: ReadonlyMap<string, readonly InstancePairing[]>;

  constructor(
    readonly deployed: DeployedSettings,
    readonly operator: OperatorPairings,
  ) {
    this.merged = new Map(
      Object.keys(deployed.instances).map((id) => [id, mergePairings(id, deployed, operator)]),
    );
  }

  get instanceIds(): readonly string[] {
    return Object.keys(this.deployed.instances);
  }

  instance(instanceId: string): DeployedInstance | undefined {
    return Object.hasOwn(this.deployed.instances, instanceId)
      ? this.deployed.instances[instanceId]
      : undefined;
  }

  settings(instanceId: string): InstanceSettings | undefined {
    return this.instance(instanceId)?.settings;
  }

  /** The instance's pairings: the declared ones, each overridden by an operator's for the same acoustic model. */
  pairings(instanceId: string): readonly InstancePairing[] {
    return this.merged.get(instanceId) ?? [];
  }

  /** Every instance's pairings, in instance order. */
  allPairings(): InstancePairing[] {
    return this.instanceIds.flatMap((id) => this.pairings(id));
  }
}

function mergePairings(
  instanceId: string,
  deployed: DeployedSettings,
  operator: OperatorPairings,
): InstancePairing[] {
  const byAcoustic = new Map<string, InstancePairing>();
  for (const pairing of deployed.instances[instanceId]?.pairings ?? []) {
    byAcoustic.set(pairing.acousticModelId, { instanceId, ...pairing, source: 'deployed' });
  }
  const imported = Object.hasOwn(operator.instances, instanceId) ? operator.instances[instanceId] : [];
  for (const pairing of imported ?? []) {
    byAcoustic.set(pairing.acousticModelId, { instanceId, ...pairing, source: 'operator' });
  }
  return [...byAcoustic.values()];
}

export const emptyOperatorPairings = (): OperatorPairings => ({ instances: {} });
