export type { HistoryStoreOptions } from './client.js';
export { CorruptHistoryItemError, HistoryStoreError, MissingHistoryRecordError } from './errors.js';
export { HistoryStore } from './history-store.js';
export { requestsNotedOn, StoppedRunNotes } from './stopped-notes.js';
