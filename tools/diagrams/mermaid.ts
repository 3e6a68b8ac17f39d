import type { AslDefinition, AslState } from '#local/executor/asl.js';

/**
 * A Mermaid flowchart of a state machine definition (Amazon States Language, JSONPath): one node
 * per state, solid arrows for `Next`, `Default` and Choice rules (labelled with the condition),
 * dotted arrows for `Catch` (labelled with the errors), Map and Parallel states as subgraphs.
 */
export function aslToMermaid(definition: AslDefinition): string {
  const lines = ['flowchart TD'];
  const ids = new Map<string, string>();
  let counter = 0;
  const idOf = (scope: string, name: string) => {
    const key = `${scope}/${name}`;
    let id = ids.get(key);
    if (!id) {
      id = `s${++counter}`;
      ids.set(key, id);
    }
    return id;
  };
  lines.push('  start((start))');
  lines.push(`  start --> ${idOf('', definition.StartAt)}`);
  renderDefinition(definition, '', '  ', lines, idOf);
  return `${lines.join('\n')}\n`;
}

type IdOf = (scope: string, name: string) => string;

function renderDefinition(
  definition: AslDefinition,
  scope: string,
  indent: string,
  lines: string[],
  idOf: IdOf,
): void {
  for (const [name, state] of Object.entries(definition.States)) {
    const id = idOf(scope, name);
    const nested = nestedOf(state);
    if (nested.length > 0) {
      lines.push(`${indent}subgraph ${id} [${quote(`${name} (${describeNested(state)})`)}]`);
      lines.push(`${indent}  direction TB`);
      nested.forEach((inner, branch) => {
        const innerScope = `${scope}/${name}#${branch}`;
        const entry = `${id}_start${branch}`;
        lines.push(
          `${indent}  ${entry}((${quote(state.Type === 'Parallel' ? `branch ${branch + 1}` : 'each item')}))`,
        );
        lines.push(`${indent}  ${entry} --> ${idOf(innerScope, inner.StartAt)}`);
        renderDefinition(inner, innerScope, `${indent}  `, lines, idOf);
      });
      lines.push(`${indent}end`);
    } else {
      lines.push(`${indent}${id}${shape(name, state)}`);
    }
    for (const [target, label, dotted] of transitions(state)) {
      const arrow = dotted ? `-. ${quote(label)} .->` : label ? `-- ${quote(label)} -->` : '-->';
      lines.push(`${indent}${id} ${arrow} ${idOf(scope, target)}`);
    }
    if (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail') {
      if (scope === '') lines.push(`${indent}${id} --> finish((end))`);
    }
  }
}

function nestedOf(state: AslState): AslDefinition[] {
  if (state.Type === 'Parallel') return (state.Branches as AslDefinition[] | undefined) ?? [];
  if (state.Type === 'Map') {
    const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition | undefined;
    return processor ? [processor] : [];
  }
  return [];
}

function describeNested(state: AslState): string {
  if (state.Type === 'Parallel') return 'parallel';
  const mode = (state.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined)?.ProcessorConfig
    ?.Mode;
  const concurrency = typeof state.MaxConcurrency === 'number' ? `, max ${state.MaxConcurrency} at once` : '';
  return `${mode === 'DISTRIBUTED' ? 'distributed map' : 'map'} over ${String(state.ItemsPath ?? 'items')}${concurrency}`;
}

function shape(name: string, state: AslState): string {
  const label = quote(taskLabel(name, state));
  switch (state.Type) {
    case 'Choice':
      return `{${label}}`;
    case 'Wait':
      return `[/${label}/]`;
    case 'Succeed':
    case 'Fail':
      return `([${label}])`;
    case 'Pass':
      return `(${label})`;
    default:
      return `[${label}]`;
  }
}

/** Tasks say what they call: the Lambda handler, or the child state machine. */
function taskLabel(name: string, state: AslState): string {
  if (state.Type !== 'Task') return name;
  const resource = String(state.Resource ?? '');
  if (resource.includes(':states:startExecution')) return `${name}\n(child execution)`;
  return name;
}

function transitions(state: AslState): [target: string, label: string, dotted: boolean][] {
  const out: [string, string, boolean][] = [];
  if (state.Type === 'Choice') {
    for (const rule of (state.Choices as Record<string, unknown>[] | undefined) ?? []) {
      out.push([String(rule.Next), conditionText(rule), false]);
    }
    if (typeof state.Default === 'string') out.push([state.Default, 'otherwise', false]);
  }
  if (typeof state.Next === 'string') out.push([state.Next, '', false]);
  for (const rule of (state.Catch as { ErrorEquals: string[]; Next: string }[] | undefined) ?? []) {
    out.push([rule.Next, `catch ${rule.ErrorEquals.join(', ')}`, true]);
  }
  return out;
}

/** A short reading of a Choice rule: `$.progress.next = poll`, `and(...)`. */
function conditionText(rule: Record<string, unknown>): string {
  for (const combinator of ['And', 'Or'] as const) {
    const parts = rule[combinator] as Record<string, unknown>[] | undefined;
    if (parts) return parts.map(conditionText).join(combinator === 'And' ? ' and ' : ' or ');
  }
  if (rule.Not) return `not ${conditionText(rule.Not as Record<string, unknown>)}`;
  const variable = String(rule.Variable ?? '');
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next') continue;
    if (key === 'IsPresent') return `${variable} ${value ? 'present' : 'absent'}`;
    const op = key.endsWith('Equals') ? '=' : key.replace(/^(String|Numeric|Boolean|Timestamp)/, '');
    return `${variable} ${op} ${String(value)}`;
  }
  return '?';
}

/** Mermaid labels in double quotes; quotes inside become #quot; and newlines <br/>. */
function quote(text: string): string {
  return `"${text.replaceAll('"', '#quot;').replaceAll('\n', '<br/>')}"`;
}
