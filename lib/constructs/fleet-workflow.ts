import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { fleetFunctionTimeouts } from '#core/contract/lambda-tasks/function-timeouts.js';
import type { VerificationSettings } from '#core/settings/instance-settings.js';
import { type FleetHandlerName, HandlerFunction } from './handler-function.js';
import { continueAfterPage, fleetStateMachine } from './paged-fleet.js';
import type { SettingsBucket } from './settings-bucket.js';
import type { SttInstanceBinding } from './stt-instance.js';
import type { TestSetBucket } from './test-set-bucket.js';
import { buildUnitDefinition, invoke } from './unit-definition.js';
import { type UnitWorkflowFunctions, unitDefinitionFunctions } from './upgrade-unit-workflow.js';

export interface FleetWorkflowProps {
  /** Holds the fleet run records, the pages of units and the units' outcomes. */
  readonly historyTable: dynamodb.ITable;
  /** Instances a fleet may scan; the planner can read only these secrets. */
  readonly instances: readonly SttInstanceBinding[];
  /** Where the planner reads the instances, their settings and pairings. */
  readonly settings: SettingsBucket;
  /**
   * The upgrade-unit workflow's functions: the Distributed Map's item processor invokes the very
   * same functions, so a unit behaves alike run alone or in a fleet.
   */
  readonly unitFunctions: UnitWorkflowFunctions;
  /**
   * Units upgrading at the same time across the fleet (each its own child execution).
   * @default 10
   */
  readonly maxConcurrency?: number;
  /**
   * Acoustic models of one unit upgraded at the same time.
   * @default 4
   */
  readonly acousticConcurrency?: number;
  /**
   * The verification gate, when the unit functions verify: its recognition concurrency for the
   * units, and `maxRegressedUnits`, after which a fleet run starts no more units.
   * @default - nothing is verified and a fleet never stops early
   */
  readonly verification?: VerificationSettings;
  /**
   * Retention of the fleet handlers' and the state machine's logs.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Release-notes source URLs whose stored entries mark base models as updated.
   * @default - none: only peer models' newer versions mark a model as behind
   */
  readonly releaseNotesSourceUrls?: readonly string[];
  /**
   * The test-set bucket: the summary reads verification transcripts there and writes the run's
   * HTML report, whose address the fleet notification carries.
   * @default - no report is written
   */
  readonly testSets?: TestSetBucket;
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
/**
 * The label of the "Run units" Distributed Map. Step Functions names each unit's child execution
 * after it: state machine `<fleet ARN>/RunUnits`, execution `...:execution:<fleet>/RunUnits:<name>`;
 * rules and alarms on unit executions of a fleet match that ARN.
 */
export const UNITS_MAP_LABEL = 'RunUnits';

export class FleetWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /** The state machine ARN the fleet's unit executions report in their events and metrics. */
  readonly unitExecutionsArn: string;
  /** The fleet's own handlers, by file name in `lambdas/handlers/`. */
  readonly functions: Readonly<Record<FleetHandlerName, nodejs.NodejsFunction>>;

  constructor(scope: Construct, id: string, props: FleetWorkflowProps) {
    super(scope, id);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    // Only the planner reads the settings: fetching pages and summarizing need the history alone.
    const recordsEnvironment = { HISTORY_TABLE_NAME: props.historyTable.tableName };
    const plannerEnvironment = {
      ...recordsEnvironment,
      ...props.settings.environment,
      RELEASE_NOTES_SOURCE_URLS: JSON.stringify(props.releaseNotesSourceUrls ?? []),
      ...(props.verification ? { VERIFICATION: JSON.stringify(props.verification) } : {}),
    };
    const make = (name: FleetHandlerName, environment: Record<string, string>) =>
      new HandlerFunction(this, name, {
        handler: name,
        environment,
        logRetention,
        timeout: Duration.seconds(fleetFunctionTimeouts[name]),
      }).function;
    this.functions = {
      'plan-fleet': make('plan-fleet', plannerEnvironment),
      'fetch-unit-page': make('fetch-unit-page', recordsEnvironment),
      'summarize-fleet': make('summarize-fleet', {
        ...recordsEnvironment,
        ...(props.testSets && { TEST_SET_BUCKET: props.testSets.bucket.bucketName }),
      }),
    };
    const {
      'plan-fleet': planFleet,
      'fetch-unit-page': fetchUnitPage,
      'summarize-fleet': summarizeFleet,
    } = this.functions;
    props.historyTable.grantReadWriteData(planFleet);
    props.historyTable.grantReadData(fetchUnitPage);
    props.historyTable.grantReadWriteData(summarizeFleet);
    props.testSets?.grantReports(summarizeFleet);
    props.settings.grantReadSettings(planFleet);
    // Only the planner lists models at IBM.
    for (const instance of props.instances) instance.secret.grantRead(planFleet);

    const plan = invoke(
      this,
      'Plan fleet',
      planFleet,
      sfn.TaskInput.fromObject({ 'input.$': '$', execution: { 'name.$': '$$.Execution.Name' } }),
      fleetFunctionTimeouts['plan-fleet'],
    );
    const fetchPage = invoke(
      this,
      'Fetch unit page',
      fetchUnitPage,
      sfn.TaskInput.fromObject({ 'fleetRunId.$': '$.fleetRunId', 'nextPage.$': '$.nextPage' }),
      fleetFunctionTimeouts['fetch-unit-page'],
    );
    // Items are the page's unit inputs as planned, each with its place in the fleet run, so no
    // ItemSelector is needed; outcomes come from the history table, not from the Map's result.
    const runUnits = new sfn.DistributedMap(this, 'Run units', {
      itemsPath: '$.units',
      maxConcurrency: props.maxConcurrency ?? 10,
      toleratedFailurePercentage: 100,
      resultPath: sfn.JsonPath.DISCARD,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      label: UNITS_MAP_LABEL,
    });
    runUnits.itemProcessor(
      buildUnitDefinition(this, unitDefinitionFunctions(props.unitFunctions), {
        acousticConcurrency: props.acousticConcurrency ?? 4,
        recognitionConcurrency: props.verification?.recognitionConcurrency ?? 4,
      }),
    );
    const summarize = invoke(
      this,
      'Summarize fleet',
      summarizeFleet,
      sfn.TaskInput.fromObject({ 'fleetRunId.$': '$.fleetRunId' }),
      fleetFunctionTimeouts['summarize-fleet'],
    );
    summarize.next(new sfn.Succeed(this, 'Fleet done'));
    const morePages = new sfn.Choice(this, 'More units?')
      .when(sfn.Condition.booleanEquals('$.hasNextPage', true), fetchPage)
      .otherwise(summarize);
    fetchPage.next(runUnits);
    runUnits.next(morePages);
    continueAfterPage(runUnits, morePages, '$.runUnitsFailure');
    this.stateMachine = fleetStateMachine(this, plan.next(morePages), logRetention);
    this.unitExecutionsArn = `${this.stateMachine.stateMachineArn}/${UNITS_MAP_LABEL}`;
  }
}
