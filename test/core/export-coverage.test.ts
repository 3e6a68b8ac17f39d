import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Expression, type ModuleItem, parseSync } from '@swc/core';
import { describe, expect, it } from 'vitest';

/**
 * Every function and class core exports is imported by a unit test under test/core, so
 * `npm run test:unit` exercises it. Types, interfaces, schemas and constants do not count: they hold
 * no decision of their own, and the functions that use them are tested. A name an
 * index.ts re-exports counts for the module that declares it: importing it through the index covers
 * the declaration, and the index itself declares nothing to cover.
 *
 * TypeScript 7 has no compiler API, so swc (already the dependency rules' parser) reads the sources.
 */
const root = process.cwd();
const coreRoot = path.join(root, 'lambdas/core');
const testRoot = path.join(root, 'test/core');

function filesUnder(directory: string, suffix: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const parsed = new Map<string, ModuleItem[]>();
function body(file: string): ModuleItem[] {
  const cached = parsed.get(file);
  if (cached) return cached;
  const items = parseSync(readFileSync(file, 'utf8'), { syntax: 'typescript' }).body;
  parsed.set(file, items);
  return items;
}

/** The file an import specifier names, or undefined when it is outside the project (a package). */
function resolve(specifier: string, from: string): string | undefined {
  const target = specifier.startsWith('#core/')
    ? path.join(coreRoot, specifier.slice('#core/'.length))
    : specifier.startsWith('.')
      ? path.resolve(path.dirname(from), specifier)
      : undefined;
  if (!target) return undefined;
  const ts = target.replace(/\.js$/, '.ts');
  return existsSync(ts) ? ts : undefined;
}

/** `const f = (…) => …` or `const f = function …`: a function, unlike a schema or a constant. */
const isFunction = (init: Expression | undefined) =>
  init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression';

/** Functions and classes a module declares, exported or not (for `export { name }`). */
function localFunctions(file: string): Set<string> {
  const names = new Set<string>();
  for (const item of body(file)) {
    if (item.type === 'FunctionDeclaration' || item.type === 'ClassDeclaration')
      names.add(item.identifier.value);
    if (item.type === 'VariableDeclaration')
      for (const declarator of item.declarations)
        if (declarator.id.type === 'Identifier' && isFunction(declarator.init))
          names.add(declarator.id.value);
  }
  return names;
}

/** A value export: the module that declares it and its name there. */
interface Origin {
  readonly file: string;
  readonly name: string;
}

/** A module's value exports by exported name, following re-exports to the declaring module. */
function valueExports(file: string, seen = new Set<string>()): Map<string, Origin> {
  const exports = new Map<string, Origin>();
  if (seen.has(file)) return exports;
  seen.add(file);
  // Names imported here, so that `export { name }` of an imported name follows it to its declaration.
  const imported = new Map<string, { source: string; name: string }>();
  for (const item of body(file)) {
    if (item.type !== 'ImportDeclaration' || item.typeOnly) continue;
    const source = resolve(item.source.value, file);
    if (!source) continue;
    for (const specifier of item.specifiers)
      if (specifier.type === 'ImportSpecifier' && !specifier.isTypeOnly)
        imported.set(specifier.local.value, {
          source,
          name: specifier.imported?.value ?? specifier.local.value,
        });
  }
  for (const item of body(file)) {
    if (item.type === 'ExportDeclaration') {
      const declaration = item.declaration;
      if (declaration.type === 'VariableDeclaration') {
        for (const declarator of declaration.declarations)
          if (declarator.id.type === 'Identifier' && isFunction(declarator.init))
            exports.set(declarator.id.value, { file, name: declarator.id.value });
      } else if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') {
        exports.set(declaration.identifier.value, { file, name: declaration.identifier.value });
      }
    } else if (item.type === 'ExportAllDeclaration') {
      const source = resolve(item.source.value, file);
      if (source) for (const [name, origin] of valueExports(source, seen)) exports.set(name, origin);
    } else if (item.type === 'ExportNamedDeclaration' && !item.typeOnly) {
      const source = item.source ? resolve(item.source.value, file) : undefined;
      const from = source ? valueExports(source, new Set(seen)) : undefined;
      for (const specifier of item.specifiers) {
        if (specifier.type !== 'ExportSpecifier' || specifier.isTypeOnly) continue;
        const original = specifier.orig.value;
        const exported = specifier.exported?.value ?? original;
        const via = from ? undefined : imported.get(original);
        const origin = from
          ? from.get(original)
          : via
            ? valueExports(via.source, new Set(seen)).get(via.name)
            : localFunctions(file).has(original)
              ? { file, name: original }
              : undefined;
        if (origin) exports.set(exported, origin);
      }
    }
  }
  return exports;
}

const key = (origin: Origin) => `${path.relative(root, origin.file)}: ${origin.name}`;

/** Every core value export a unit test imports, by the module that declares it. */
function importedByUnitTests(): Set<string> {
  const covered = new Set<string>();
  for (const test of filesUnder(testRoot, '.ts')) {
    for (const item of body(test)) {
      if (item.type !== 'ImportDeclaration' || item.typeOnly) continue;
      const source = resolve(item.source.value, test);
      if (!source?.startsWith(coreRoot)) continue;
      const exports = valueExports(source);
      for (const specifier of item.specifiers) {
        if (specifier.type === 'ImportNamespaceSpecifier') {
          for (const origin of exports.values()) covered.add(key(origin));
        } else if (specifier.type === 'ImportSpecifier' && !specifier.isTypeOnly) {
          const origin = exports.get(specifier.imported?.value ?? specifier.local.value);
          if (origin) covered.add(key(origin));
        }
      }
    }
  }
  return covered;
}

describe('unit tests reach every export of the core', () => {
  const declared = new Set<string>();
  for (const file of filesUnder(coreRoot, '.ts')) {
    for (const origin of valueExports(file).values()) if (origin.file === file) declared.add(key(origin));
  }
  const covered = importedByUnitTests();

  it('finds the core’s exports and the tests’ imports of them, through an index to the declaring module', () => {
    expect(declared.size).toBeGreaterThan(100);
    expect(covered.size).toBeGreaterThan(100);
    // audio-length.test.ts imports wavSeconds from verification/index.ts, which re-exports it.
    expect(covered).toContain('lambdas/core/verification/audio-length.ts: wavSeconds');
    expect([...declared].filter((name) => name.includes('/index.ts:'))).toEqual([]);
    // A schema is a constant, not a function.
    expect(declared).not.toContain('lambdas/core/watch/watch-run.ts: watchRunSchema');
  });

  it('has no exported function, class or constant that no test under test/core imports', () => {
    expect([...declared].filter((name) => !covered.has(name)).sort()).toEqual([]);
  });
});
