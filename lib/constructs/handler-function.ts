import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Tokenization } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const handlersDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'lambdas',
  'handlers',
);

/** The handlers the upgrade-unit state machine invokes, by file name in `lambdas/handlers/`. */
export type UnitHandlerName =
  | 'validate-unit'
  | 'check-model'
  | 'start-upgrade'
  | 'poll-upgrade'
  | 'record-failure'
  | 'summarize-unit'
  | 'verify-model';

/** The handlers of the fleet state machine's own tasks. */
export type FleetHandlerName = 'plan-fleet' | 'fetch-unit-page' | 'summarize-fleet';

/** The handlers of the migration state machine and of the migration fleet (constructs/migration-*.ts). */
export type MigrationHandlerName = 'migrate-model' | 'migrate-fleet';

/** The accuracy watch's one handler: plan, page, measure and summarize are its phases. */
export type WatchHandlerName = 'accuracy-watch';

/** Every handler a state machine invokes. */
export type HandlerName = UnitHandlerName | FleetHandlerName | MigrationHandlerName | WatchHandlerName;

/** Handlers that start fleet runs from outside the state machines (see constructs/triggers.ts). */
export type TriggerHandlerName = 'watch-release-notes' | 'on-release' | 'scan';

/** Handlers that keep the history true when executions end badly (see constructs/abandoned-runs.ts). */
export type UpkeepHandlerName = 'close-abandoned-run';

export interface HandlerFunctionProps {
  /** Which file of `lambdas/handlers/` this function runs. */
  readonly handler: HandlerName | TriggerHandlerName | UpkeepHandlerName;
  /** Environment the handler reads its configuration from. */
  readonly environment: Record<string, string>;
  /**
   * Calls to IBM are short; the longest unit handler waits on a few HTTP round trips.
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /** Retention of the function's own log group. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * How every handler is bundled. The AWS SDK is bundled too, at the versions package-lock.json pins
 * and the tests ran against, rather than taken from the runtime, whose SDK AWS updates on its own.
 */
export const handlerBundling = {
  minify: true,
  sourceMap: true,
  target: 'node22',
  externalModules: [],
  // esbuild's per-bundle size report is noise in `cdk synth`; warnings and errors still show.
  logLevel: nodejs.LogLevel.WARNING,
} as const satisfies nodejs.BundlingOptions;

/** Lambda refuses a function whose environment variables (names and values) exceed 4 KB in all. */
const ENVIRONMENT_LIMIT_BYTES = 4096;
/** What a deploy-time value (an ARN, a table name) is counted as before it is known. */
const TOKEN_ESTIMATE_BYTES = 100;

/** The size Lambda will count for `environment`, with every unresolved token at its estimate. */
export function environmentSize(environment: Readonly<Record<string, string>>): number {
  const placeholder = 'x'.repeat(TOKEN_ESTIMATE_BYTES);
  return Object.entries(environment).reduce((total, [name, value]) => {
    const estimate = Tokenization.reverseString(value)
      .mapTokens({ mapToken: () => placeholder })
      .join({ join: (left: unknown, right: unknown) => `${left ?? ''}${right ?? ''}` });
    return total + Buffer.byteLength(name) + Buffer.byteLength(String(estimate));
  }, 0);
}

/** One upgrader handler bundled with esbuild (no Docker), with the settings every handler shares. */
export class HandlerFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly handlerName: HandlerName | TriggerHandlerName | UpkeepHandlerName;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    this.handlerName = props.handler;
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    const environment = {
      ...props.environment,
      NODE_OPTIONS: '--enable-source-maps',
      // Names the handler on every log line; minified code has no function names left.
      UPGRADER_HANDLER: props.handler,
      POWERTOOLS_SERVICE_NAME: 'stt-model-upgrader',
      POWERTOOLS_METRICS_NAMESPACE: 'SttModelUpgrader',
    };
    // Its own role instead of AWSLambdaBasicExecutionRole: writes to its own log group only.
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(handlersDir, `${props.handler}.ts`),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment,
      bundling: handlerBundling,
    });
    // Fail at synth, naming the handler, rather than at deploy with CloudFormation's terse error.
    const size = environmentSize(environment);
    this.node.addValidation({
      validate: () =>
        size <= ENVIRONMENT_LIMIT_BYTES
          ? []
          : [
              `The environment of ${props.handler} would take about ${size} bytes; Lambda allows ${ENVIRONMENT_LIMIT_BYTES} in all. Instance settings and pairings belong in the settings store, not the environment.`,
            ],
    });
  }
}
