import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SettingsObjectKey } from '#core/settings/settings-documents.js';
import type { SettingsObjects, StoredObject } from './settings-objects.js';

/**
 * The settings objects as files under a directory, standing in for the settings bucket in local
 * mode. The etag is the content's hash; a write replaces the file whole (rename), so a reader never
 * sees half of it. One process writes at a time locally, so the check before the write suffices.
 */
export class DirectorySettingsObjects implements SettingsObjects {
  readonly location: string;

  constructor(private readonly directory: string) {
    this.location = `${path.resolve(directory)}${path.sep}`;
  }

  async read(key: SettingsObjectKey): Promise<StoredObject | undefined> {
    let text: string;
    try {
      text = await readFile(this.fileOf(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return { text, etag: etagOf(text) };
  }

  async write(key: SettingsObjectKey, text: string, expected: string | null): Promise<boolean> {
    const current = await this.read(key);
    if ((current?.etag ?? null) !== expected) return false;
    const file = this.fileOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    const staged = `${file}.${process.pid}.tmp`;
    await writeFile(staged, text, 'utf8');
    await rename(staged, file);
    return true;
  }

  private fileOf(key: SettingsObjectKey): string {
    return path.join(this.directory, ...key.split('/'));
  }
}

const etagOf = (text: string) => createHash('sha256').update(text).digest('hex');
