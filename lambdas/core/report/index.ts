export { CHANGED_SHOWN, changedUtterances, type StoredUtterance } from './changed-utterances.js';
export { type MeasuredWer, type ModelSeriesInput, modelSeries } from './model-series.js';
export { ReportSubjectNotFoundError } from './report-errors.js';
export {
  fleetRunReportKey,
  fleetRunWantsReport,
  WATCH_REPORTS_PREFIX,
  watchRunReportKey,
} from './report-keys.js';
export type {
  AlignedTranscript,
  ChangedUtterance,
  ModelEvent,
  ModelSeries,
  RegressionDetail,
  Report,
  ReportFact,
  UpgradeRow,
  WerChange,
  WerPoint,
  WerSource,
} from './report-model.js';
export {
  CHARTED_MAX,
  type FleetRunReportInput,
  type FoundTranscripts,
  fleetRunReport,
  type ModelReportInput,
  modelReport,
  transcriptsKey,
} from './upgrade-report.js';
export {
  type WatchedModel,
  type WatchedUtterance,
  type WatchReportInput,
  watchReport,
} from './watch-report.js';
