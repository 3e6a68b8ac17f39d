import { describe, expect, it } from 'vitest';
import { InvalidSettingsError } from '#core/contract/errors.js';
import { ErrorName } from '#core/contract/workflow-contract.js';
import { ReportSubjectNotFoundError } from '#core/report/report-errors.js';

describe('errors a user can meet', () => {
  it.each([
    {
      error: new InvalidSettingsError('settings/deployed.json', [
        'instances.prod.testSets: expected object',
        'x',
      ]),
      name: ErrorName.InvalidSettings,
      message: 'settings/deployed.json cannot be used: instances.prod.testSets: expected object; x',
    },
    {
      error: new ReportSubjectNotFoundError('Fleet run release-ca43'),
      name: ErrorName.ReportSubjectNotFound,
      message: 'Fleet run release-ca43 is not in the history, so there is nothing to report',
    },
  ])('$name names what is wrong', ({ error, name, message }) => {
    expect(error.name).toBe(name);
    expect(error.message).toBe(message);
  });

  it('keeps each settings issue for the caller to list', () => {
    expect(new InvalidSettingsError('settings', ['a', 'b']).issues).toEqual(['a', 'b']);
  });
});
