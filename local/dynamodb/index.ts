export { createTablesFromTemplate } from './create-tables.js';
export { listLocalTables } from './local-tables.js';
export { deleteLocalStore, LocalStoreInUseError, openSharedStore, type SharedStore } from './shared-store.js';
export { type LocalDynamo, startLocalDynamo } from './start-local-dynamo.js';
