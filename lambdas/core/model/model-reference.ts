/** A custom model as an operator may name it: by customization id, or by its name. */
export interface ModelRef {
  readonly instanceId: string;
  readonly customizationId: string;
  readonly modelName: string;
}

/** What a model reference names among the known models. */
export type ModelMatch =
  | { readonly kind: 'found'; readonly model: ModelRef }
  | { readonly kind: 'ambiguous'; readonly candidates: ModelRef[] }
  | { readonly kind: 'none' };

/**
 * The one model `reference` names: its customization id, or else its name, on `instanceId` when
 * given. Two models of the same name are ambiguous (names are not unique at IBM): the candidates
 * are returned so the operator can pick by id.
 */
export function resolveModel(
  reference: string,
  models: readonly ModelRef[],
  instanceId?: string,
): ModelMatch {
  const onInstance = models.filter((m) => instanceId === undefined || m.instanceId === instanceId);
  const byId = distinct(onInstance.filter((m) => m.customizationId === reference));
  const matches = byId.length > 0 ? byId : distinct(onInstance.filter((m) => m.modelName === reference));
  if (matches.length === 1) return { kind: 'found', model: matches[0] as ModelRef };
  if (matches.length > 1) return { kind: 'ambiguous', candidates: matches };
  return { kind: 'none' };
}

/** One entry per (instance, customization id), the first name seen kept. */
function distinct(models: readonly ModelRef[]): ModelRef[] {
  const seen = new Map<string, ModelRef>();
  for (const model of models) {
    const key = `${model.instanceId}\u0000${model.customizationId}`;
    if (!seen.has(key)) seen.set(key, model);
  }
  return [...seen.values()];
}
