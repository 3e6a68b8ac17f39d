import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalExecutor, loadStateMachines } from '#local/executor/index.js';
import { type LocalTriggers, startLocalTriggers } from '#local/triggers/index.js';
import { type HistoryFixture, startHistoryFixture } from '#test/adapters/history-store/history-fixture.js';
import { logicalId, newStack, stateMachine, synthesize } from '#test/local/executor/cdk-fixture.js';
import { type NotesServer, startNotesServer } from './stand-ins.js';

const notesText = readFileSync(
  path.join(process.cwd(), 'test', 'fixtures', 'release-notes', 'cloud-2020-definitions.md'),
  'utf8',
);

let history: HistoryFixture;
let notes: NotesServer;
let triggers: LocalTriggers;

beforeAll(async () => {
  [history, notes] = await Promise.all([startHistoryFixture(), startNotesServer()]);
  notes.answer('/release-notes.md', { body: notesText });
  // A stand-in fleet state machine, run by the local executor as local mode runs the real one.
  const stack = newStack();
  const fleet = stateMachine(
    stack,
    'Fleet',
    new sfn.Pass(stack, 'Plan', { result: sfn.Result.fromString('planned') }),
  );
  const executor = new LocalExecutor({
    stateMachines: loadStateMachines(synthesize(stack)),
    lambdaHandlers: {},
  });
  triggers = startLocalTriggers({
    history: history.store,
    runFleet: (input, options) => executor.start(logicalId(fleet), input, options),
    clock: { now: () => new Date('2020-12-03T06:00:00Z') },
    sources: [{ url: `${notes.url}/release-notes.md`, channel: 'cloud' }],
    dryRun: true,
  });
});
afterAll(async () => {
  await Promise.all([history.stop(), notes.stop()]);
});

describe('local triggers', () => {
  it('runs watcher -> bus -> on-release -> fleet in process, once per release entry', async () => {
    await triggers.watch();
    expect(triggers.bus.deliveries).toHaveLength(1);
    expect(triggers.bus.deliveries[0]?.event).toMatchObject({
      source: 'stt-model-upgrader',
      'detail-type': 'Base Model Updated',
      time: '2020-12-03T06:00:00Z',
    });
    const [run] = triggers.fleet.executions;
    expect(triggers.fleet.executions).toHaveLength(1);
    expect(run).toMatchObject({
      status: 'SUCCEEDED',
      name: expect.stringMatching(/^release-[0-9a-f]{16}$/),
      input: {
        trigger: { type: 'release', id: expect.stringMatching(/^[0-9a-f]{16}$/) },
        baseModels: ['en-AU_BroadbandModel', 'fr-FR_BroadbandModel', 'de-DE_NarrowbandModel'],
        releaseDates: {
          'en-AU_BroadbandModel': '2020-12-02',
          'fr-FR_BroadbandModel': '2020-12-02',
          'de-DE_NarrowbandModel': '2020-12-02',
        },
        options: { dryRun: true },
      },
    });

    // The next check finds nothing new; a hand-made copy of the event finds its run already there.
    await triggers.watch();
    expect(triggers.bus.deliveries).toHaveLength(1);
    const detail = triggers.bus.deliveries[0]?.event.detail as Parameters<
      typeof triggers.bus.publish
    >[0][number];
    await triggers.bus.publish([detail]);
    expect(triggers.bus.deliveries[1]).toMatchObject({
      result: { name: run?.name, started: false, reason: 'already-exists' },
    });
    expect(triggers.fleet.executions).toHaveLength(1);
  });

  it('keeps a failing delivery apart instead of failing the publisher, as EventBridge does', async () => {
    await triggers.bus.publish([
      // Invalid at the target (no base model): the on-release handler rejects it.
      { entryId: 'bad', source: 'manual', entry: { date: '2020-12-01', baseModels: [] } },
    ]);
    expect(triggers.bus.deliveries.at(-1)?.error).toMatchObject({
      name: 'InvalidInput',
      message: expect.stringContaining('detail.entry.baseModels'),
    });
  });

  it('runs the scheduled scan once per date', async () => {
    await triggers.scan(new Date('2020-12-04T03:00:00Z'));
    const again = await triggers.scan(new Date('2020-12-04T03:00:05Z'));
    expect(again).toMatchObject({ name: 'schedule-2020-12-04', started: false });
    expect(triggers.fleet.executions.at(-1)).toMatchObject({
      name: 'schedule-2020-12-04',
      status: 'SUCCEEDED',
      input: { trigger: { type: 'schedule', id: '2020-12-04' }, options: { dryRun: true } },
    });
  });
});
