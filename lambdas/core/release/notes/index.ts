export { PROSE_LANGUAGES, PROSE_MODEL_KINDS } from './model-names.js';
export {
  type ParseOptions,
  parseReleaseNotes,
  parseReleaseNotesDocument,
  type ReleaseNotesDocument,
} from './parse-release-notes.js';
export {
  type CustomModelType,
  type ReleaseEntry,
  releaseEntryId,
  releaseEntrySchema,
  type UpgradeRequirement,
} from './release-entry.js';
