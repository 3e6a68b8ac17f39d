import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SfnExecutionStarter } from '#adapters/execution-starter.js';
import { ErrorName } from '#core/contract/errors.js';
import type { FleetInput } from '#core/fleet/fleet-input.js';
import { onRelease } from '#handlers/on-release.js';
import type { FleetTriggerDeps } from '#handlers/runtime/trigger-deps.js';
import { scan } from '#handlers/scan.js';
import { type AwsStandIn, startAwsStandIn } from './stand-ins.js';

const stateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:Fleet';

let aws: AwsStandIn;
let fleet: SfnExecutionStarter<FleetInput>;
let logs: { message: string; fields: Record<string, unknown> }[] = [];

beforeAll(async () => {
  aws = await startAwsStandIn();
  fleet = new SfnExecutionStarter<FleetInput>({ stateMachineArn, endpoint: aws.endpoint });
});
afterAll(async () => {
  fleet.destroy();
  await aws.stop();
});
beforeEach(() => {
  aws.requests.length = 0;
  logs = [];
});

const deps = (dryRun = false): FleetTriggerDeps => ({
  fleet,
  dryRun,
  log: (message, fields) => logs.push({ message, fields }),
});

/** An EventBridge event as the rule delivers it to the on-release Lambda. */
function releaseEvent(detail: unknown, overrides: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'Base Model Updated',
    source: 'stt-model-upgrader',
    account: '123456789012',
    time: '2023-05-16T08:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
    ...overrides,
  };
}

const watcherDetail = {
  entryId: '0123456789abcdef',
  source: 'https://raw.githubusercontent.com/ibm-cloud-docs/speech-to-text/HEAD/release-notes.md',
  channel: 'cloud',
  entry: {
    date: '2023-05-15',
    release: null,
    title: 'Defect fix: Update French Canadian next-generation telephony model (upgrade required)',
    baseModels: ['fr-CA_Telephony'],
    upgradeRequired: true,
    customModelTypes: ['language'],
  },
};

describe('on-release', () => {
  it('starts the fleet run for the announced base models, named release-<entryId>', async () => {
    const result = await onRelease(deps())(releaseEvent(watcherDetail));
    expect(result).toEqual({
      name: 'release-0123456789abcdef',
      started: true,
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Fleet:release-0123456789abcdef',
    });
    expect(aws.startedExecutions()).toEqual([
      {
        name: 'release-0123456789abcdef',
        stateMachineArn,
        input: {
          trigger: { type: 'release', id: '0123456789abcdef' },
          baseModels: ['fr-CA_Telephony'],
          releaseDates: { 'fr-CA_Telephony': '2023-05-15' },
          targetVersions: {},
          options: { dryRun: false },
        },
      },
    ]);
  });

  it('treats a second delivery of the same event as a logged no-op (ExecutionAlreadyExists)', async () => {
    const detail = { ...watcherDetail, entryId: 'redelivered' };
    await onRelease(deps())(releaseEvent(detail));
    logs = [];
    const again = await onRelease(deps())(releaseEvent(detail));
    expect(again).toEqual({
      name: 'release-redelivered',
      started: false,
      reason: 'already-exists',
      message: expect.stringContaining('Execution Already Exists'),
    });
    expect(aws.startedExecutions().map((execution) => execution.name)).toEqual([
      'release-redelivered',
      'release-redelivered',
    ]);
    expect(logs).toEqual([
      {
        message: 'fleet run already started for this release entry; nothing to do',
        fields: expect.objectContaining({ name: 'release-redelivered', reason: 'already-exists' }),
      },
    ]);
  });

  it('accepts a hand-made event with only date and base models, limited to named instances, in dry run', async () => {
    await onRelease(deps(true))(
      releaseEvent({
        entryId: 'manual-pt-br-2026-04',
        source: 'manual',
        entry: { date: '2026-04-01', baseModels: ['pt-BR_BroadbandModel', 'pt-BR_NarrowbandModel'] },
        instanceIds: ['cpd-cluster'],
      }),
    );
    expect(aws.startedExecutions()).toEqual([
      expect.objectContaining({
        name: 'release-manual-pt-br-2026-04',
        input: {
          trigger: { type: 'release', id: 'manual-pt-br-2026-04' },
          instanceIds: ['cpd-cluster'],
          baseModels: ['pt-BR_BroadbandModel', 'pt-BR_NarrowbandModel'],
          releaseDates: { 'pt-BR_BroadbandModel': '2026-04-01', 'pt-BR_NarrowbandModel': '2026-04-01' },
          targetVersions: {},
          options: { dryRun: true },
        },
      }),
    ]);
  });

  it.each([
    ['a missing entryId', releaseEvent({ ...watcherDetail, entryId: undefined }), 'detail.entryId'],
    ['an entryId unfit for a name', releaseEvent({ ...watcherDetail, entryId: 'a b' }), 'detail.entryId'],
    [
      'no base models',
      releaseEvent({ ...watcherDetail, entry: { ...watcherDetail.entry, baseModels: [] } }),
      'detail.entry.baseModels: must name at least one base model',
    ],
    [
      'an impossible date',
      releaseEvent({ ...watcherDetail, entry: { ...watcherDetail.entry, date: '2023-02-30' } }),
      'detail.entry.date',
    ],
    [
      'an entry that needs no upgrade',
      releaseEvent({ ...watcherDetail, entry: { ...watcherDetail.entry, upgradeRequired: false } }),
      'detail.entry.upgradeRequired: must be true',
    ],
    ['an unknown field', releaseEvent({ ...watcherDetail, instances: ['x'] }), 'detail: Unrecognized key'],
    ['another detail-type', releaseEvent(watcherDetail, { 'detail-type': 'Scheduled Event' }), 'detail-type'],
    ['another source', releaseEvent(watcherDetail, { source: 'aws.events' }), 'source'],
  ])('rejects %s with InvalidInput naming the field, starting nothing', async (_what, event, field) => {
    await expect(onRelease(deps())(event)).rejects.toMatchObject({
      name: ErrorName.InvalidInput,
      message: expect.stringContaining(field),
    });
    expect(aws.requests).toEqual([]);
  });

  it('lets other Step Functions errors fail the invocation, so EventBridge retries it', async () => {
    const broken = new SfnExecutionStarter<FleetInput>({
      stateMachineArn: 'not-an-arn',
      endpoint: aws.endpoint,
    });
    await expect(
      onRelease({ ...deps(), fleet: broken })(releaseEvent({ ...watcherDetail, entryId: 'fails' })),
    ).rejects.toMatchObject({ name: 'InvalidArn' });
    broken.destroy();
  });
});

describe('scan', () => {
  it('starts the fleet run over everything, named after the UTC date of the scheduled time, with the dry-run flag', async () => {
    const result = await scan(deps(true))({ scheduledTime: '2026-03-01T03:00:00Z' });
    expect(result).toMatchObject({ name: 'schedule-2026-03-01', started: true });
    expect(aws.startedExecutions()).toEqual([
      {
        name: 'schedule-2026-03-01',
        stateMachineArn,
        input: {
          trigger: { type: 'schedule', id: '2026-03-01' },
          releaseDates: {},
          targetVersions: {},
          options: { dryRun: true },
        },
      },
    ]);
  });

  it('dates a time with an offset in UTC', async () => {
    await scan(deps())({ scheduledTime: '2026-03-03T01:30:00+02:00' });
    expect(aws.startedExecutions().map((execution) => execution.name)).toEqual(['schedule-2026-03-02']);
  });

  it('is a logged no-op when the schedule of that date is delivered again', async () => {
    await scan(deps())({ scheduledTime: '2026-03-05T03:00:00Z' });
    const again = await scan(deps())({ scheduledTime: '2026-03-05T03:00:07Z' });
    expect(again).toMatchObject({ name: 'schedule-2026-03-05', started: false, reason: 'already-exists' });
    expect(logs.at(-1)?.message).toBe('scheduled scan of this date already started; nothing to do');
  });

  it('rejects an event without a scheduled time, naming the field', async () => {
    await expect(scan(deps())({ time: '2026-03-01T03:00:00Z' })).rejects.toMatchObject({
      name: ErrorName.InvalidInput,
      message: expect.stringContaining('scheduledTime'),
    });
    expect(aws.requests).toEqual([]);
  });
});
