import path from 'node:path';
import type { SttConnection } from '#adapters/stt/index.js';
import type { Clock } from '#core/contract/clock.js';
import type { Notice } from '#core/contract/notifier.js';
import type { InstanceSettings } from '#core/settings/instance-settings.js';
import type { WatchRun } from '#core/watch/index.js';
import { localBucketDirectory } from './data-directory.js';
import { openSharedStore } from './dynamodb/index.js';
import { type LocalUpgrader, startLocalUpgrader } from './local-upgrader.js';

export interface LocalWatchOptions {
  readonly instanceId: string;
  readonly connection: SttConnection;
  readonly settings: Partial<InstanceSettings>;
  /** Test sets, one directory each; transcripts go under `_watch/` in the data directory's bucket stand-in. */
  readonly testSetDirectory: string;
  /** Where the local history is kept (`.local-data` by default). */
  readonly dataDirectory: string;
  readonly clock: Clock;
}

export interface LocalWatchResult {
  readonly run: WatchRun | undefined;
  readonly stopped: boolean;
  readonly reason: string | undefined;
  readonly notices: readonly Notice[];
  readonly upgrader: LocalUpgrader;
}

/** One accuracy-watch run of an instance on this machine: the synthesized definition, local history. */
export async function watchLocally<T>(
  options: LocalWatchOptions,
  name: string,
  use: (result: LocalWatchResult) => Promise<T>,
): Promise<T> {
  const store = await openSharedStore(options.dataDirectory, 'stt-upgrader watch run');
  try {
    const notices: Notice[] = [];
    const upgrader = await startLocalUpgrader({
      instances: [{ id: options.instanceId, connection: options.connection, settings: options.settings }],
      dynamoEndpoint: store.endpoint,
      closeAbandonedRuns: store.others.length === 0,
      clock: options.clock,
      testSets: {
        directory: path.resolve(options.testSetDirectory),
        objectsDirectory: localBucketDirectory(options.dataDirectory),
      },
      notifier: { notify: async (notice) => void notices.push(notice) },
    });
    const result = await upgrader.runWatch({ instanceId: options.instanceId, trigger: 'manual' }, { name });
    if (result.status !== 'SUCCEEDED')
      throw new Error(
        `the watch run ${name} ended ${result.status}: ${result.error ?? ''} ${result.cause ?? ''}`.trim(),
      );
    const output = result.output as { watchRunId: string; stopped?: boolean; reason?: string };
    const run = await upgrader.history.watch.run(options.instanceId, output.watchRunId);
    return await use({ run, stopped: output.stopped === true, reason: output.reason, notices, upgrader });
  } finally {
    await store.stop();
  }
}
