export type { AttemptChange, AttemptCounters } from './attempt-update.js';
export type { HistoryStoreOptions } from './client.js';
export { CorruptHistoryItemError, HistoryStoreError, MissingHistoryRecordError } from './errors.js';
export { FleetHistory, type NewFleetRun } from './fleet-store.js';
export { HistoryStore } from './history-store.js';
export type * from './inputs.js';
export type { AttemptKey, ClaimTarget } from './keys.js';
export { requestsNotedOn, StoppedRunNotes } from './stopped-notes.js';
