import type { VerificationSubject } from '#core/verification/index.js';

/** The versions, time and model the verification tests score: a language model upgraded in 2026. */
export const OLD = 'en-US_BroadbandModel.v2018-07-31';
export const NEW = 'en-US_BroadbandModel.v2020-01-16';
export const at = new Date('2026-03-01T10:00:00.000Z');
export const subject: VerificationSubject = {
  runId: 'run-1',
  instanceId: 'prod',
  customizationId: '0a000000-0000-4000-8000-000000000001',
  kind: 'language',
  modelName: 'claims',
  baseModelName: 'en-US_BroadbandModel',
  testSet: 'claims',
  maxWerIncrease: 0.01,
};
