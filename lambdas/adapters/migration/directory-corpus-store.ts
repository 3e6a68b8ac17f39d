import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusStore } from '#core/migration/index.js';

/** Corpus files in `<root>/<customization id>/` or else `<root>/<model name>/`, one file per corpus. */
export function directoryCorpusStore(root: string): CorpusStore {
  const filesIn = async (dir: string): Promise<string[] | undefined> => {
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      return entries
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  return {
    async list(model) {
      for (const folder of [model.customizationId, model.name]) {
        // A name with a path separator cannot be a folder of the store.
        if (folder.includes('/') || folder.includes('\\') || folder.startsWith('.')) continue;
        const dir = path.join(root, folder);
        const files = await filesIn(dir);
        if (files) return files.map((fileName) => ({ fileName, location: path.join(dir, fileName) }));
      }
      return [];
    },
    read: (location) => readFile(location, 'utf8'),
  };
}
