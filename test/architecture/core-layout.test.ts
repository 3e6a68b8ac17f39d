import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const core = path.resolve('lambdas/core');
const entries = readdirSync(core, { withFileTypes: true });

describe('lambdas/core shows the domain', () => {
  it('holds only folders at its top level, so every rule lives under the name of its domain', () => {
    expect(entries.filter((entry) => !entry.isDirectory()).map((entry) => entry.name)).toEqual([]);
  });

  it('gives every folder a README on what it decides and what it may import', () => {
    const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(folders.length).toBeGreaterThan(0);
    expect(folders.filter((folder) => !existsSync(path.join(core, folder, 'README.md')))).toEqual([]);
  });
});
