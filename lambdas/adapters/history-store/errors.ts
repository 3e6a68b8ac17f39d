import { describeKey } from './keys.js';

/** A DynamoDB call on the history table failed for a reason other than a lost condition. */
export class HistoryStoreError extends Error {
  override readonly name = 'HistoryStoreError';
  /** The DynamoDB error's own name (`ProvisionedThroughputExceededException`, ...), for retry decisions. */
  readonly awsErrorName: string;

  constructor(tableName: string, operation: string, key: Record<string, unknown>, cause: unknown) {
    const awsErrorName = cause instanceof Error ? cause.name : 'UnknownError';
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      `History table '${tableName}', ${operation} of ${describeKey(key)} failed: ${awsErrorName}: ${detail}`,
      {
        cause,
      },
    );
    this.awsErrorName = awsErrorName;
  }
}

/** An item read back from the table does not match its record schema. */
export class CorruptHistoryItemError extends Error {
  override readonly name = 'CorruptHistoryItemError';
  readonly issues: readonly string[];

  constructor(
    tableName: string,
    key: Record<string, unknown>,
    recordType: string,
    issues: readonly string[],
  ) {
    super(
      `History table '${tableName}': item ${describeKey(key)} is not a valid ${recordType}: ${issues.join('; ')}`,
    );
    this.issues = issues;
  }
}

/** A write that needs an existing record (an attempt, a run) found none. */
export class MissingHistoryRecordError extends Error {
  override readonly name = 'MissingHistoryRecordError';

  constructor(tableName: string, key: Record<string, unknown>, recordType: string) {
    super(`History table '${tableName}': no ${recordType} at ${describeKey(key)}`);
  }
}

/** DynamoDB's answer when a write's condition did not hold: the expected "someone else" case. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
