export { wavSeconds } from './audio-length.js';
export { type ChosenVersions, chooseVersions } from './chosen-versions.js';
export {
  type Recognition,
  type RecognitionParameters,
  type RecognitionRequest,
  type Recognizer,
  recognitionParameters,
  type VerifiedModel,
} from './recognition-parameters.js';
export {
  batchNumbers,
  batchRange,
  decideVerification,
  UTTERANCES_PER_BATCH,
  type VerificationDecision,
  versionBefore,
} from './verification-decision.js';
export {
  RECOGNITION_KEPT_FAILING,
  type RecognisedUtterance,
  unscoredRecord,
  type VerificationSubject,
  verificationRecord,
} from './verification-outcome.js';
export {
  type VerificationOutcome,
  type VerificationRecord,
  verificationOutcomeSchema,
  verificationRecordSchema,
} from './verification-record.js';
export {
  countVerifications,
  percent,
  regressionNotice,
  type VerificationCounts,
} from './verification-summary.js';
