export { createTablesFromTemplate } from './create-tables.js';
export { listLocalTables } from './local-tables.js';
export { type LocalDynamo, startLocalDynamo } from './start-local-dynamo.js';
