/** Help shared by `plan` and `upgrade` for the flags of a run on this machine. */
export const localRunUsage = `on this machine:
  --json                           the result as JSON (no live progress)
  --data-dir DIR                   where local history is kept (default .local-data)
  --time-scale N                   the instance is the simulator started with --time-scale N: waits
                                   shrink to match (never against IBM, whose time is real)
  -h, --help                       this help`;

/** Help shared by `plan` and `upgrade` for starting the deployed state machines. */
export const awsFleetUsage = `with --aws (the deployed upgrader, your AWS credentials):
  --aws                            start the deployed state machine instead of running here
  --fleet-state-machine-arn ARN    the stack output FleetStateMachineArn
  --region R                       its region (default: your AWS configuration's)
  --endpoint URL                   a Step Functions endpoint other than AWS's
  --name NAME                      the execution name, which becomes the run id (default manual-<time>)`;
