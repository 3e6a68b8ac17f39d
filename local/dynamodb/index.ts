export { createTablesFromTemplate } from './create-tables.js';
export { type LocalDynamo, startLocalDynamo } from './start-local-dynamo.js';
