import { describe, expect, it } from 'vitest';
import { modelsMigratedFrom, newModelDescription, newModelName } from '#core/migration/new-model.js';
import type { CustomModel } from '#core/model/custom-model.js';

const SOURCE = '0e000000-0000-4000-8000-000000000001';
const model = (customizationId: string, baseModelName: string, description: string, created?: string) =>
  ({ customizationId, baseModelName, description, created, kind: 'language' }) as CustomModel;

describe('the model a migration creates', () => {
  it('keeps the source’s name, cut to IBM’s 256 characters', () => {
    expect(newModelName('claims')).toBe('claims');
    expect(newModelName('x'.repeat(300))).toHaveLength(256);
  });

  it('finds the models earlier runs created from the source on the target, oldest first', () => {
    const description = newModelDescription(SOURCE);
    const found = modelsMigratedFrom(
      [
        model('c', 'en-US', description, '2026-11-25T00:00:00Z'),
        model('a', 'en-US', description, '2026-11-24T00:00:00Z'),
        model('b', 'en-GB', description, '2026-11-23T00:00:00Z'),
        model('d', 'en-US', newModelDescription('another-source'), '2026-11-20T00:00:00Z'),
        model('e', 'en-US', description),
      ],
      SOURCE,
      'en-US',
    );
    expect(found.map((m) => m.customizationId)).toEqual(['e', 'a', 'c']);
  });
});
