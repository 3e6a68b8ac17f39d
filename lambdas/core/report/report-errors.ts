import { UpgraderError } from '../contract/errors.js';
import { ErrorName } from '../contract/workflow-contract.js';

export class ReportSubjectNotFoundError extends UpgraderError {
  constructor(what: string) {
    super(ErrorName.ReportSubjectNotFound, `${what} is not in the history, so there is nothing to report`);
  }
}
