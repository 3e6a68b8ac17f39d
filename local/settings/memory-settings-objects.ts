import type { SettingsObjects, StoredObject } from '#adapters/settings/index.js';
import type { SettingsObjectKey } from '#core/settings/settings-documents.js';

/** The settings objects of a local upgrader that keeps nothing between processes (tests, benchmarks). */
export class MemorySettingsObjects implements SettingsObjects {
  readonly location = 'memory:';
  private readonly objects = new Map<SettingsObjectKey, StoredObject>();
  private writes = 0;

  async read(key: SettingsObjectKey): Promise<StoredObject | undefined> {
    return this.objects.get(key);
  }

  async write(key: SettingsObjectKey, text: string, expected: string | null): Promise<boolean> {
    if ((this.objects.get(key)?.etag ?? null) !== expected) return false;
    this.writes++;
    this.objects.set(key, { text, etag: String(this.writes) });
    return true;
  }
}
