import { describe, expect, it } from 'vitest';
import { ErrorName, unknownInstanceError, unknownInstanceIssue } from '#core/contract/errors.js';

describe('an instance id nobody configured', () => {
  it('is named in the same words wherever it is met: as one issue among others, or as the error', () => {
    expect(unknownInstanceIssue('staging')).toBe("no STT instance 'staging' is configured");
    expect(unknownInstanceError('staging')).toMatchObject({
      name: ErrorName.InvalidInput,
      message: "instanceId is invalid: no STT instance 'staging' is configured",
      issues: [unknownInstanceIssue('staging')],
    });
  });
});
