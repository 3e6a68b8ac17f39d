/**
 * Objects the upgrader writes beside the operator's test sets: verification transcripts and
 * reports. In AWS the test-set bucket; locally a directory laid out as the bucket is.
 */
export interface ObjectStore {
  /** `s3://bucket/` or the directory's absolute path. */
  readonly location: string;
  put(key: string, body: string, contentType: string): Promise<void>;
  /** The object's text, or undefined when there is none. */
  get(key: string): Promise<string | undefined>;
  /** Keys under `prefix`, in key order. */
  list(prefix: string): Promise<string[]>;
  /** Where a person finds the object: its S3 URI and console link, or its file. */
  where(key: string): ObjectAddress;
}

export interface ObjectAddress {
  /** `s3://bucket/key` or an absolute file path. */
  readonly uri: string;
  /** The AWS console page of the object; absent for a file. */
  readonly consoleLink?: string;
}
