import type { Dirent } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectAddress, ObjectStore } from './object-store.js';

/** Objects as files under a directory, a key's `/` separating directories as in the bucket's console. */
export class DirectoryObjectStore implements ObjectStore {
  readonly location: string;

  constructor(directory: string) {
    this.location = path.resolve(directory);
  }

  async put(key: string, body: string): Promise<void> {
    const file = this.fileOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, body, 'utf8');
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.fileOf(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    // A prefix is a directory here: the keys this store writes always end their prefixes with `/`.
    const directory = this.fileOf(prefix.endsWith('/') ? prefix : path.posix.dirname(prefix));
    let entries: Dirent[];
    try {
      entries = await readdir(directory, { recursive: true, withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) =>
        path.relative(this.location, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
      )
      .filter((key) => key.startsWith(prefix))
      .sort();
  }

  where(key: string): ObjectAddress {
    return { uri: this.fileOf(key) };
  }

  private fileOf(key: string): string {
    const file = path.resolve(this.location, ...key.split('/'));
    if (!file.startsWith(this.location + path.sep))
      throw new Error(`object key '${key}' leaves ${this.location}`);
    return file;
  }
}
