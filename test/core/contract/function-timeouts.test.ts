import { describe, expect, it } from 'vitest';
import {
  AWS_CALLS_ALLOWANCE_SECONDS,
  functionTimeoutSeconds,
  IBM_REQUEST_TIMEOUT_MAX_SECONDS,
  RECOGNITION_TIMEOUT_SECONDS,
  taskTimeoutSeconds,
  unitFunctionCalls,
  worstCaseSeconds,
} from '#core/contract/lambda-tasks/function-timeouts.js';

describe('function timeouts from the calls a function makes', () => {
  it.each([
    { budget: { ibmRequests: 0, recognitions: 0 }, worst: AWS_CALLS_ALLOWANCE_SECONDS },
    { budget: { ibmRequests: 2, recognitions: 0 }, worst: 2 * IBM_REQUEST_TIMEOUT_MAX_SECONDS + 30 },
    { budget: { ibmRequests: 1, recognitions: 3 }, worst: 25 + 3 * RECOGNITION_TIMEOUT_SECONDS + 30 },
  ])('a worst case of $budget takes $worst s, the function 10 s more', ({ budget, worst }) => {
    expect(worstCaseSeconds(budget)).toBe(worst);
    expect(functionTimeoutSeconds(budget)).toBe(worst + 10);
  });

  it('lets a task wait 30 s longer than its function, so that Lambda’s timeout decides', () => {
    expect(taskTimeoutSeconds(60)).toBe(90);
  });

  it('gives the start function room for its five IBM requests at the longest request timeout', () => {
    expect(functionTimeoutSeconds(unitFunctionCalls['start-upgrade'])).toBe(5 * 25 + 30 + 10);
  });
});
