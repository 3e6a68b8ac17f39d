export { createTablesFromTemplate } from './create-tables.js';
export {
  type DynamoFaultStats,
  type DynamoFaults,
  type DynamoFaultsInput,
  type DynamoRequest,
  dynamoFaultsSchema,
  parseDynamoFaults,
} from './dynamo-faults.js';
export type { DynamoAnswerLoss, FaultFront } from './fault-front.js';
export { listLocalTables } from './local-tables.js';
export { deleteLocalStore, LocalStoreInUseError, openSharedStore, type SharedStore } from './shared-store.js';
export { type LocalDynamo, startLocalDynamo } from './start-local-dynamo.js';
