import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagramsFile, renderDiagrams } from '#tools/diagrams/main.js';
import { aslToMermaid } from '#tools/diagrams/mermaid.js';

describe('state machine diagrams', () => {
  it('DIAGRAMS.md matches the synthesized definitions (regenerate: npm run diagrams)', () => {
    expect(readFileSync(diagramsFile, 'utf8')).toBe(renderDiagrams());
  });

  it('draws next states, Choice rules, Catch rules, Map subgraphs and the end', () => {
    const text = aslToMermaid({
      StartAt: 'Check',
      States: {
        Check: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Next: 'Busy?',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
        },
        'Busy?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.next', StringEquals: 'wait', Next: 'Wait' }],
          Default: 'Models',
        },
        Wait: { Type: 'Wait', SecondsPath: '$.s', Next: 'Check' },
        Models: {
          Type: 'Map',
          ItemsPath: '$.models',
          MaxConcurrency: 2,
          ItemProcessor: { StartAt: 'One', States: { One: { Type: 'Pass', End: true } } },
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
        Failed: { Type: 'Fail' },
      },
    });
    expect(text).toBe(
      [
        'flowchart TD',
        '  start((start))',
        '  start --> s1',
        '  s1["Check"]',
        '  s1 --> s2',
        '  s1 -. "catch States.ALL" .-> s3',
        '  s2{"Busy?"}',
        '  s2 -- "$.next = wait" --> s4',
        '  s2 -- "otherwise" --> s5',
        '  s4[/"Wait"/]',
        '  s4 --> s1',
        '  subgraph s5 ["Models (map over $.models, max 2 at once)"]',
        '    direction TB',
        '    s5_start0(("each item"))',
        '    s5_start0 --> s6',
        '    s6("One")',
        '  end',
        '  s5 --> s7',
        '  s7(["Done"])',
        '  s7 --> finish((end))',
        '  s3(["Failed"])',
        '  s3 --> finish((end))',
        '',
      ].join('\n'),
    );
  });
});
