import type { SettingsObjectKey } from '#core/settings/settings-documents.js';

/** An object of the settings store as read, with the version a conditional write must match. */
export interface StoredObject {
  readonly text: string;
  readonly etag: string;
}

/** The two JSON objects of the settings store: in the stack's settings bucket, or a local directory. */
export interface SettingsObjects {
  /** Where the objects live, for messages: `s3://bucket/` or a directory. */
  readonly location: string;
  read(key: SettingsObjectKey): Promise<StoredObject | undefined>;
  /**
   * Writes `text` only if the object is still as read: `expected` is the etag read, or null for
   * an object that did not exist. False when another writer came first.
   */
  write(key: SettingsObjectKey, text: string, expected: string | null): Promise<boolean>;
}
