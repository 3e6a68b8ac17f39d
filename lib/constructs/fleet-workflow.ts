import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { HandlerFunction, type HandlerName, instanceEnvironment } from './handler-function.js';
import { buildUnitDefinition, invoke, type UnitFunctions } from './unit-definition.js';
import type { SttInstanceBinding } from './upgrade-unit-workflow.js';

/** An acoustic model and the custom language model it was trained with, as the operator declared. */
export interface FleetPairing {
  readonly acousticModelId: string;
  readonly languageModelId: string;
}

/** An instance the fleet plans for: its connection secret and the pairings that group its models. */
export interface FleetInstanceBinding extends SttInstanceBinding {
  readonly pairings: readonly FleetPairing[];
}

export interface FleetWorkflowProps {
  /** Holds the fleet run records, the pages of units and the units' outcomes. */
  readonly historyTable: dynamodb.ITable;
  /** Instances a fleet may scan; the planner can read only these secrets. */
  readonly instances: readonly FleetInstanceBinding[];
  /**
   * The upgrade-unit workflow's functions: the Distributed Map's item processor invokes the very
   * same functions, so a unit behaves alike run alone or in a fleet.
   */
  readonly unitFunctions: UnitFunctions;
  /** Units upgrading at the same time across the fleet (each its own child execution). Default 10. */
  readonly maxConcurrency?: number;
  /** Acoustic models of one unit upgraded at the same time. Default 4. */
  readonly acousticConcurrency?: number;
  /** Retention of the fleet handlers' and the state machine's logs. Default three months. */
  readonly logRetention?: logs.RetentionDays;
  /** Release-notes source URLs whose stored entries mark base models as updated. Default none. */
  readonly releaseNotesSourceUrls?: readonly string[];
}

/**
 * The fleet state machine: plan (list models, find those behind, write units to the history table
 * in pages), then per page a Distributed Map whose items are Standard child executions running the
 * upgrade-unit definition, then a summary.
 *
 * History events of the parent: about 20 fixed (start, plan, last choice, summary, end) plus about
 * 11 per page (Choice 2, Fetch task 5, Map 4), up to 15 with a retried fetch. 10,000 models are at
 * most 10,000 units = 100 pages (100 units a page) = at most ~1,520 events; the 25,000-event limit is
 * reached only past ~1,660 pages (166,000 units), and the planner refuses more than 1,600 pages.
 * Payloads: the parent carries one page (<= 64 KiB of units) at a time, a child one unit (< 9 KiB),
 * the summary lists at most 50 failed units: all far below 256 KiB.
 *
 * A failed unit does not fail the fleet (tolerated failure 100 %): its outcome is in the history
 * table, and the fleet SUCCEEDS with `status: "FleetHadFailures"` and the failed units listed in its
 * output. Only a fleet that could not do its own work (plan, pages, summary) fails.
 */
/** Fleet handlers may run five minutes (listing every model of every instance); the task waits a little longer. */
const fleetTaskTimeout = Duration.minutes(6);

export class FleetWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /** Fleet handlers by file name, so local mode can map each task of the template to its code. */
  readonly handlers: ReadonlyMap<HandlerName, HandlerFunction>;

  constructor(scope: Construct, id: string, props: FleetWorkflowProps) {
    super(scope, id);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const environment = {
      ...instanceEnvironment(props.historyTable, props.instances),
      FLEET_INSTANCES: JSON.stringify(props.instances.map((i) => ({ id: i.id, pairings: i.pairings }))),
      RELEASE_NOTES_SOURCE_URLS: JSON.stringify(props.releaseNotesSourceUrls ?? []),
    };
    const handlers = new Map<HandlerName, HandlerFunction>();
    const make = (name: HandlerName, talksToIbm: boolean) => {
      // Planning lists every model of every instance; summarizing reads every unit outcome.
      const timeout = Duration.minutes(5);
      const fn = new HandlerFunction(this, name, { handler: name, environment, logRetention, timeout });
      if (name === 'fetch-unit-page') props.historyTable.grantReadData(fn.function);
      else props.historyTable.grantReadWriteData(fn.function);
      if (talksToIbm) for (const instance of props.instances) instance.secret.grantRead(fn.function);
      handlers.set(name, fn);
      return fn.function;
    };
    const planFleet = make('plan-fleet', true);
    const fetchUnitPage = make('fetch-unit-page', false);
    const summarizeFleet = make('summarize-fleet', false);
    this.handlers = handlers;

    const plan = invoke(
      this,
      'Plan fleet',
      planFleet,
      sfn.TaskInput.fromObject({ 'input.$': '$', execution: { 'name.$': '$$.Execution.Name' } }),
      fleetTaskTimeout,
    );
    const fetchPage = invoke(
      this,
      'Fetch unit page',
      fetchUnitPage,
      sfn.TaskInput.fromObject({ 'fleetRunId.$': '$.fleetRunId', 'nextPage.$': '$.nextPage' }),
      fleetTaskTimeout,
    );
    // Items are the page's unit inputs as planned, each with its place in the fleet run, so no
    // ItemSelector is needed; outcomes come from the history table, not from the Map's result.
    const runUnits = new sfn.DistributedMap(this, 'Run units', {
      itemsPath: '$.units',
      maxConcurrency: props.maxConcurrency ?? 10,
      toleratedFailurePercentage: 100,
      resultPath: sfn.JsonPath.DISCARD,
      mapExecutionType: sfn.StateMachineType.STANDARD,
    });
    runUnits.itemProcessor(
      buildUnitDefinition(this, props.unitFunctions, { acousticConcurrency: props.acousticConcurrency ?? 4 }),
    );
    const summarize = invoke(
      this,
      'Summarize fleet',
      summarizeFleet,
      sfn.TaskInput.fromObject({ 'fleetRunId.$': '$.fleetRunId' }),
      fleetTaskTimeout,
    );
    summarize.next(new sfn.Succeed(this, 'Fleet done'));
    const morePages = new sfn.Choice(this, 'More units?')
      .when(sfn.Condition.booleanEquals('$.hasNextPage', true), fetchPage)
      .otherwise(summarize);
    fetchPage.next(runUnits);
    runUnits.next(morePages);

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(plan.next(morePages)),
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      // Thousands of units at a modest concurrency, each up to days for a large acoustic model.
      timeout: Duration.days(90),
      logs: {
        destination: new logs.LogGroup(this, 'ExecutionLogs', { retention: logRetention }),
        // Every state's timing for diagnosis, none of its data (as the unit workflow; cdk-nag SF1).
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
  }
}

/** The upgrade-unit workflow's functions from its handler map, to pass to the fleet. */
export function unitFunctionsOf(handlers: ReadonlyMap<HandlerName, HandlerFunction>): UnitFunctions {
  const fn = (name: HandlerName) => {
    const handler = handlers.get(name);
    if (!handler) throw new Error(`The upgrade-unit workflow has no '${name}' handler`);
    return handler.function;
  };
  return {
    validateUnit: fn('validate-unit'),
    checkModel: fn('check-model'),
    startUpgrade: fn('start-upgrade'),
    pollUpgrade: fn('poll-upgrade'),
    recordFailure: fn('record-failure'),
    summarizeUnit: fn('summarize-unit'),
  };
}
