import type { ModelKind } from './custom-model.js';

/** How errors and history name a model for a person: `acoustic model 7a1c… ("call-center")`. */
export function modelLabel(model: { kind: ModelKind; customizationId: string }, name?: string): string {
  const named = name ? ` ("${name}")` : '';
  return `${model.kind} model ${model.customizationId}${named}`;
}
