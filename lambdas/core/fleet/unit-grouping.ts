import type { CustomModel } from '../model/custom-model.js';
import type { UpgradeUnitInput } from '../unit/unit-input.js';

/** An acoustic model and the custom language model it was trained with, as the operator declared. */
export interface ModelPairing {
  readonly acousticModelId: string;
  readonly languageModelId: string;
}

/** A pairing that names a model the instance does not have; reported, never guessed around. */
export interface PairingProblem {
  readonly pairing: ModelPairing;
  readonly problem: string;
}

export interface UnitGrouping {
  readonly units: UpgradeUnitInput[];
  readonly problems: PairingProblem[];
}

/**
 * Groups models into upgrade units: each language model with the acoustic models trained with
 * it, then every other acoustic model alone. Order follows the input so plans are stable.
 */
export function groupIntoUnits(input: {
  readonly instanceId: string;
  readonly languageModels: readonly Pick<CustomModel, 'customizationId'>[];
  readonly acousticModels: readonly Pick<CustomModel, 'customizationId'>[];
  readonly pairings: readonly ModelPairing[];
  readonly trigger: UpgradeUnitInput['trigger'];
  readonly options: UpgradeUnitInput['options'];
}): UnitGrouping {
  const languageIds = new Set(input.languageModels.map((m) => m.customizationId));
  const acousticIds = new Set(input.acousticModels.map((m) => m.customizationId));
  const problems: PairingProblem[] = [];
  const pairedTo = new Map<string, string>();
  for (const pairing of input.pairings) {
    if (!acousticIds.has(pairing.acousticModelId)) {
      problems.push({ pairing, problem: `acoustic model ${pairing.acousticModelId} is not on the instance` });
    } else if (!languageIds.has(pairing.languageModelId)) {
      problems.push({ pairing, problem: `language model ${pairing.languageModelId} is not on the instance` });
    } else if (pairedTo.has(pairing.acousticModelId)) {
      problems.push({ pairing, problem: `acoustic model ${pairing.acousticModelId} is paired twice` });
    } else {
      pairedTo.set(pairing.acousticModelId, pairing.languageModelId);
    }
  }
  const base = { instanceId: input.instanceId, trigger: input.trigger, options: input.options };
  const units: UpgradeUnitInput[] = input.languageModels.map((lm) => ({
    ...base,
    languageModelId: lm.customizationId,
    acousticModels: input.acousticModels
      .filter((am) => pairedTo.get(am.customizationId) === lm.customizationId)
      .map((am) => ({ customizationId: am.customizationId, trainedWithLanguageModel: true })),
  }));
  for (const am of input.acousticModels) {
    if (!pairedTo.has(am.customizationId)) {
      units.push({
        ...base,
        acousticModels: [{ customizationId: am.customizationId, trainedWithLanguageModel: false }],
      });
    }
  }
  return { units, problems };
}
