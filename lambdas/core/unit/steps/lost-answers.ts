import { ErrorName, type SttError } from '../../contract/errors.js';
import { UpgradeStep } from '../../contract/workflow-contract.js';
import type { CustomModel } from '../../model/custom-model.js';
import type { StartUpgradeTask } from '../unit-state.js';
import type { EarlierRequest } from './step-claim.js';

/**
 * `upgrade_model` and `train` are not idempotent, and an answer can be lost after IBM acted. These
 * rules tell, from the error and the model read afterwards, whether a request took effect.
 */

/** What came of the request, and what the model showed afterwards when its answer left doubt. */
export type RequestResult =
  | { readonly answered: true }
  | { readonly answered: false; readonly error: SttError; readonly reread: CustomModel | undefined };

/** A network failure, a timeout or a gateway's 502/504: the request may have reached IBM. */
export function mayHaveStarted(error: SttError): boolean {
  return (
    error.name === ErrorName.Transient && (error.status === undefined || [502, 504].includes(error.status))
  );
}

/**
 * Whether the answer leaves the upgrader unsure of what IBM did, so that the model must be read
 * again before deciding: no answer at all, a gateway's 502/504, a 409 or an unrecognised 400 (IBM's
 * wording is not documented).
 */
export function needsReread(error: SttError): boolean {
  return (
    mayHaveStarted(error) ||
    error.name === ErrorName.ModelBusy ||
    (error.name === ErrorName.ModelNotUpgradable && error.reason === 'already-up-to-date') ||
    (error.status === 400 && (error.name === ErrorName.RequestRejected || error.reason === 'unknown'))
  );
}

/**
 * Whether an answer that is no acceptance may still hide this run's own work: the request may have
 * started, or IBM refused it as busy or up to date right after this run's own earlier request (a
 * retried task), which may be IBM refusing the very upgrade that request started.
 */
export function mayBeOwnWork(error: SttError, hasOwnEarlierRequest: boolean): boolean {
  const refusalOfOwnEarlier =
    hasOwnEarlierRequest && (error.name === ErrorName.ModelBusy || error.reason === 'already-up-to-date');
  return mayHaveStarted(error) || refusalOfOwnEarlier;
}

/**
 * Whether this run's request took effect: the model is upgrading, or shows the step's result
 * (a new version; for the with-language-model step, `updated` moved past the request).
 */
export function tookEffect(task: StartUpgradeTask, model: CustomModel, request: EarlierRequest): boolean {
  if (model.status === 'upgrading' || (task.step === UpgradeStep.Retrain && model.status === 'training'))
    return true;
  if (task.step === UpgradeStep.Upgrade) return hasNewVersion(model, task.progress.versionsBefore);
  return updatedSince(model, request.updatedBefore);
}

export function hasNewVersion(
  model: Pick<CustomModel, 'versions'>,
  versionsBefore: readonly string[],
): boolean {
  return model.versions.some((version) => !versionsBefore.includes(version));
}

function updatedSince(model: CustomModel, updatedBefore: string | null): boolean {
  if (model.updated === undefined) return false;
  return updatedBefore === null || Date.parse(model.updated) > Date.parse(updatedBefore);
}
