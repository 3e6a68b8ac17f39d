import { z } from 'zod';
import { SfnExecutions } from '#adapters/executions.js';
import { systemClock } from '#adapters/system-clock.js';
import { flagProblems, parseFlags } from '#cli/flags/parse-flags.js';
import { type LocalStop, stopLocalRun } from '#local/stop-run.js';
import type { CliCommand, FlagDefinitions } from './command.js';
import type { CommandIo } from './command-io.js';
import { withHistory } from './history.js';

export const stopUsage = `usage: stt-upgrader stop <run> [--data-dir DIR]
       stt-upgrader stop <execution-arn> --aws [--region R]
       stt-upgrader stop <run> --aws (--fleet-state-machine-arn ARN | --unit-state-machine-arn ARN) [--region R]

  --endpoint URL   a Step Functions endpoint other than AWS's own (with --aws)

Stops a run. With --aws, stops the deployed execution with StopExecution: it ends ABORTED, a fleet's
running units with it, and the closer records every run it left open as RunAbandoned and releases
its claims within minutes. <run> is the execution's ARN, or its name (a fleet run such as
release-<entry>, or a unit run id) with the state machine it ran on.

Locally, a run executes in the process that started it (npm start, stt-upgrader upgrade): press
Ctrl+C there. This command closes a run of the local history whose process is gone, as the
closer does in AWS: <run> is a fleet run name or a unit run id. It refuses while another command
uses the data directory, since that command's runs may be live.
`;

const flags = {
  'data-dir': { type: 'string' },
  aws: { type: 'boolean' },
  region: { type: 'string' },
  'fleet-state-machine-arn': { type: 'string' },
  'unit-state-machine-arn': { type: 'string' },
  endpoint: { type: 'string' },
} satisfies FlagDefinitions;

const optionsSchema = z.object({
  'data-dir': z.string().min(1).default('.local-data'),
  aws: z.boolean().default(false),
  region: z.string().min(1).optional(),
  'fleet-state-machine-arn': z.string().startsWith('arn:').optional(),
  'unit-state-machine-arn': z.string().startsWith('arn:').optional(),
  endpoint: z.url().optional(),
});
type StopOptions = z.infer<typeof optionsSchema>;

/** Who stops a deployed execution and why, as its history shows them. */
const operatorStop = { error: 'OperatorStop', cause: 'stopped with stt-upgrader stop' } as const;

/** `stt-upgrader stop`: exit codes 0 stopped (or already ended), 1 not found or not reachable, 2 usage. */
export async function stopCommand(args: string[], io: CommandIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(stopUsage);
    return 0;
  }
  const [run, ...rest] = args;
  let options: StopOptions;
  try {
    const named = run !== undefined && !run.startsWith('-');
    // Flags first, so that a mistyped flag is named even before the run is.
    options = parseFlags(named ? rest : args, flags, optionsSchema);
    if (!named) throw new Error('name the run to stop');
  } catch (error) {
    io.stderr(`${flagProblems(error)}\n${stopUsage}`);
    return 2;
  }
  if (options.aws) return stopOnAws(run, options, io);
  try {
    const where = { dataDir: options['data-dir'], command: 'stt-upgrader stop' };
    const stopped = await withHistory(where, (history, others) => {
      // Their runs may be live: closing one would free its models under a running upgrade.
      if (others.length > 0)
        throw new Error(
          `in use by ${others.map((other) => `${other.command} (pid ${other.pid})`).join(', ')}`,
        );
      return stopLocalRun(history, run, systemClock);
    });
    io[stopped.kind === 'unknown' ? 'stderr' : 'stdout'](describeLocalStop(stopped, options['data-dir']));
    return stopped.kind === 'unknown' ? 1 : 0;
  } catch (error) {
    io.stderr(
      `cannot stop ${run}: ${(error as Error).message}\n` +
        `If npm start or stt-upgrader upgrade is running on ${options['data-dir']}, press Ctrl+C there: it stops its runs.\n`,
    );
    return 1;
  }
}

async function stopOnAws(run: string, options: StopOptions, io: CommandIo): Promise<number> {
  const machine = options['fleet-state-machine-arn'] ?? options['unit-state-machine-arn'];
  if (!run.startsWith('arn:') && !machine) {
    io.stderr(
      `give the execution ARN, or ${run} with --fleet-state-machine-arn or --unit-state-machine-arn\n${stopUsage}`,
    );
    return 2;
  }
  const executionArn = run.startsWith('arn:')
    ? run
    : `${machine?.replace(':stateMachine:', ':execution:')}:${run}`;
  const executions = new SfnExecutions({
    region: options.region ?? executionArn.split(':')[3] ?? '',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  try {
    await executions.stop(executionArn, operatorStop);
    io.stdout(
      `Stopped ${executionArn}: the closer records the runs it left open as RunAbandoned and releases their claims within minutes.\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`cannot stop ${executionArn}: ${(error as Error).name}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    executions.destroy();
  }
}

function describeLocalStop(stopped: LocalStop, dataDir: string): string {
  switch (stopped.kind) {
    case 'unknown':
      return `No run ${stopped.runId} in the local history (${dataDir}).\n`;
    case 'unit':
      return stopped.closed
        ? `Stopped unit run ${stopped.runId}: recorded RunAbandoned, its claims released.\n`
        : `Unit run ${stopped.runId} had already ended; its claims are released.\n`;
    case 'fleet':
      return `Stopped fleet run ${stopped.runId}: ${stopped.unitRunsClosed.length} open unit run(s) recorded RunAbandoned, their claims released.\n`;
  }
}

export const stopSpec: CliCommand = {
  words: ['stop'],
  synopsis: 'stop <run> [--aws ...]',
  summary: 'stop a run; the runs it left open are closed and their claims released',
  flags,
  usage: stopUsage,
  run: stopCommand,
};
