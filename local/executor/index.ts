export type { AslDefinition, AslState } from './asl.js';
export {
  type ExecutionEvent,
  type ExecutionInfo,
  type ExecutionResult,
  type LambdaHandler,
  LocalExecutor,
  type LocalExecutorOptions,
  type StopOptions,
} from './executor.js';
export {
  IntrinsicResolver,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  lambdaArn,
  stateMachineArn,
  templateSchema,
} from './intrinsics.js';
export { type LambdaFaultCounts, type LambdaFaults, lambdaFaultsSchema } from './lambda-faults.js';
export type { ExecutionStatus } from './responses.js';
export {
  EXECUTION_STATUS_CHANGE,
  type ExecutionStatusChangeEvent,
  executionStatusChange,
} from './status-change.js';
export { type LambdaTask, type LocalStateMachine, loadStateMachines } from './template.js';
