export { ClaimStore } from './claim-store.js';
export type { HistoryStoreOptions } from './client.js';
export { CorruptHistoryItemError, HistoryStoreError, MissingHistoryRecordError } from './errors.js';
export { FleetHistory, type NewFleetRun } from './fleet-store.js';
export { HistoryStore } from './history-store.js';
export { ReleaseNotesStore } from './release-notes-store.js';
export { RunStore } from './run-store.js';
