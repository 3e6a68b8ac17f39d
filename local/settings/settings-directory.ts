import path from 'node:path';

/** Where local mode keeps its settings store under a data directory (beside its DynamoDB data). */
export const settingsDirectoryUnder = (dataDir: string) => path.join(path.resolve(dataDir), 'settings');
