export { createTablesFromTemplate } from './create-tables.js';
export {
  type DynamoFaultStats,
  type DynamoFaults,
  type DynamoFaultsInput,
  dynamoFaultsSchema,
  parseDynamoFaults,
} from './dynamo-faults.js';
export type { DynamoRequest, FaultFront, LostAnswerKind } from './fault-front.js';
export { listLocalTables } from './local-tables.js';
export { type LocalDynamo, startLocalDynamo } from './start-local-dynamo.js';
