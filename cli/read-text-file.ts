import { readFile } from 'node:fs/promises';

/** A file the operator named, as text; one that cannot be read is named with the reason. */
export async function readTextFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
}
