import { z } from 'zod';
import { InvalidInputError } from '#core/contract/errors.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { upgradeAttemptSchema } from '#core/history/history-records.js';
import type { AttemptKey } from '#core/history/inputs.js';
import type { AttemptChange, AttemptCounters } from '#core/unit/steps/history-writes.js';
import { attemptFailureIndexKey } from './keys.js';

/** Checks an attempt change at the table's edge. `undefined` leaves a field as it is. */
const attemptChangeSchema = upgradeAttemptSchema
  .pick({
    outcome: true,
    reason: true,
    skipKey: true,
    error: true,
    versionAfter: true,
    targetVersion: true,
    leftStatus: true,
    endedAt: true,
    durationSeconds: true,
    stepDurations: true,
  })
  .partial();

const countersSchema = z.object({
  addPolls: z.number().int().nonnegative().optional(),
  addRetries: z.number().int().nonnegative().optional(),
  addLostAnswers: z.number().int().nonnegative().optional(),
  appendStep: z.string().min(1).optional(),
});

/**
 * The UpdateItem expression for one attempt change: sets the given fields, bumps `revision`,
 * applies the counters, and keeps the attempt in the failure index exactly while it is failed.
 */
export function attemptUpdateExpression(
  key: AttemptKey,
  change: AttemptChange,
  counters: AttemptCounters = {},
) {
  const fields = parseOrThrow(attemptChangeSchema, change, 'attempt change');
  const { addPolls, addRetries, addLostAnswers, appendStep } = parseOrThrow(
    countersSchema,
    counters,
    'attempt counters',
  );
  const names: Record<string, string> = { '#pk': 'pk', '#revision': 'revision' };
  const values: Record<string, unknown> = { ':one': 1 };
  const sets = ['#revision = #revision + :one'];
  const removes: string[] = [];
  const set = (attribute: string, value: unknown, expression = `#${attribute} = :${attribute}`) => {
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    sets.push(expression);
  };

  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined) set(field, value);
  }
  if (addPolls) set('polls', addPolls, '#polls = #polls + :polls');
  if (addRetries) set('retries', addRetries, '#retries = #retries + :retries');
  if (addLostAnswers) {
    set('lostAnswers', addLostAnswers, '#lostAnswers = if_not_exists(#lostAnswers, :zero) + :lostAnswers');
    values[':zero'] = 0;
  }
  if (appendStep) set('steps', [appendStep], '#steps = list_append(#steps, :steps)');

  if (fields.outcome === 'failed') {
    if (!fields.endedAt) {
      throw new InvalidInputError(`attempt change of ${key.customizationId} in run ${key.runId}`, [
        'endedAt: is required when outcome is failed',
      ]);
    }
    const index = attemptFailureIndexKey(fields.endedAt, key.instanceId, key.customizationId);
    set('gsi2pk', index.gsi2pk);
    set('gsi2sk', index.gsi2sk);
  } else if (fields.outcome !== undefined) {
    names['#gsi2pk'] = 'gsi2pk';
    names['#gsi2sk'] = 'gsi2sk';
    removes.push('#gsi2pk', '#gsi2sk');
  }

  return {
    UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: 'attribute_exists(#pk)',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
