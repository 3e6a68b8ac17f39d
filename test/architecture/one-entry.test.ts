import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const handlersDir = path.resolve('lambdas/handlers');
const handlerFiles = readdirSync(handlersDir).filter((file) => file.endsWith('.ts'));

/** Every `.ts` file under `dir`, as a path relative to the repository. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

describe('one way to wire a Lambda', () => {
  it.each(handlerFiles)('%s is deployed through the one entry, with deps from a builder', (file) => {
    const text = readFileSync(path.join(handlersDir, file), 'utf8');
    expect(text).toMatch(/^export const handler = lambdaHandler\(aws\w+Deps, \w+\);$/mu);
  });

  it('makes the Powertools logger and tracer in the entry only', () => {
    const makers = sources('lambdas').filter((file) =>
      /new (Logger|Tracer)\(/u.test(readFileSync(file, 'utf8')),
    );
    expect(makers).toEqual([path.join('lambdas', 'handlers', 'runtime', 'lambda-entry.ts')]);
  });
});
