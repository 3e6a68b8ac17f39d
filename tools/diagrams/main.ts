import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDeployConfig } from '#lib/config/load-config.js';
import { loadStateMachines } from '#local/executor/index.js';
import { synthesizeLocalStack } from '#local/local-stack.js';
import { aslToMermaid } from './mermaid.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const diagramsFile = path.join(root, 'DIAGRAMS.md');
const exampleConfig = path.join(root, 'lib', 'config', 'example.json');

/** What each state machine is, by the construct that builds it (logical ids start with its id). */
const titles: [prefix: string, title: string][] = [
  ['UnitWorkflow', 'Upgrade-unit state machine'],
  ['FleetWorkflow', 'Fleet state machine'],
  ['AccuracyWatch', 'Accuracy watch state machine'],
  ['MigrationWorkflow', 'Migration state machine'],
  ['MigrationFleet', 'Migration fleet state machine'],
];

/**
 * DIAGRAMS.md: a Mermaid flowchart of every state machine, drawn from the definitions the stack
 * synthesizes for the example configuration, so the pictures cannot drift from the code.
 */
export function renderDiagrams(): string {
  const config = parseDeployConfig(
    JSON.parse(readFileSync(exampleConfig, 'utf8')),
    'lib/config/example.json',
  );
  const { template } = synthesizeLocalStack(config);
  const sections = loadStateMachines(template)
    .toSorted((a, b) => a.logicalId.localeCompare(b.logicalId))
    .reverse()
    .map((machine) => {
      const title = titles.find(([prefix]) => machine.logicalId.startsWith(prefix))?.[1] ?? machine.logicalId;
      return [
        `## ${title}`,
        '',
        `Logical id \`${machine.logicalId}\`. Solid arrows: next state or Choice rule; dotted: Catch.`,
        '',
        '```mermaid',
        aslToMermaid(machine.definition).trimEnd(),
        '```',
        '',
      ].join('\n');
    });
  return [
    '# State machine diagrams',
    '',
    'Generated from the synthesized definitions (example configuration) by `npm run diagrams`;',
    'a test regenerates them and fails when this file is out of date. Do not edit by hand.',
    '',
    ...sections,
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(diagramsFile, renderDiagrams());
  console.log(`wrote ${path.relative(process.cwd(), diagramsFile)}`);
}
