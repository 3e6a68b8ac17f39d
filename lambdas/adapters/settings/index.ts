export { DirectorySettingsObjects } from './directory-settings-objects.js';
export { S3SettingsObjects } from './s3-settings-objects.js';
export type { SettingsObjects, StoredObject } from './settings-objects.js';
export { SettingsStore, type SettingsStoreOptions } from './settings-store.js';
