import { z } from 'zod';
import { IntrinsicResolver, lambdaArn, templateSchema } from '#local/executor/index.js';

/** An EventBridge rule of the synthesized stack, its pattern resolved to local ARNs. */
export interface LocalEventRule {
  readonly ruleId: string;
  readonly pattern: Record<string, unknown>;
}

const ruleSchema = z.object({
  EventPattern: z.record(z.string(), z.unknown()),
  Targets: z.array(z.looseObject({ Arn: z.unknown() })).default([]),
});

/**
 * The rules of a synthesized template that target one Lambda function, so that local mode routes
 * events to it exactly as the deployed rules would: the same patterns, read from the same template.
 */
export function rulesTargeting(template: unknown, functionLogicalId: string): LocalEventRule[] {
  const parsed = templateSchema.parse(template);
  const resolver = new IntrinsicResolver(parsed);
  const target = lambdaArn(functionLogicalId);
  const rules: LocalEventRule[] = [];
  for (const [ruleId, resource] of Object.entries(parsed.Resources)) {
    if (resource.Type !== 'AWS::Events::Rule') continue;
    const path = `Resources.${ruleId}.Properties`;
    const rule = ruleSchema.safeParse(resource.Properties ?? {});
    if (!rule.success) continue;
    const arns = rule.data.Targets.map((t, i) => resolver.resolve(t.Arn, `${path}.Targets[${i}].Arn`));
    if (!arns.includes(target)) continue;
    const pattern = resolver.resolve(rule.data.EventPattern, `${path}.EventPattern`);
    rules.push({ ruleId, pattern: z.record(z.string(), z.unknown()).parse(pattern) });
  }
  return rules;
}

/**
 * Whether an event matches an EventBridge pattern: every field the pattern names must match one of
 * its values, an exact value or `{ "prefix": ... }`. Written here because no package matches
 * EventBridge patterns offline; the deployed rules use no other operator (an unknown one is refused).
 */
export function matchesEventPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  const fields = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = fields[field];
    if (!Array.isArray(expected)) {
      return matchesEventPattern(z.record(z.string(), z.unknown()).parse(expected), actual);
    }
    const values = Array.isArray(actual) ? actual : [actual];
    return expected.some((value) => values.some((candidate) => matchesValue(value, candidate)));
  });
}

function matchesValue(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return expected === actual;
  const operator = expected as Record<string, unknown>;
  if (typeof operator.prefix === 'string' && Object.keys(operator).length === 1) {
    return typeof actual === 'string' && actual.startsWith(operator.prefix);
  }
  throw new Error(`Event pattern operator ${JSON.stringify(expected)} is not supported locally`);
}
