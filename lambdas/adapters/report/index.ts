export { renderReportHtml } from './html/index.js';
export { type PublishedReport, publishFleetRunReport, publishWatchRunReport } from './publish-report.js';
export {
  gatherFleetRunReport,
  gatherModelReport,
  gatherWatchReport,
  type ReportSources,
} from './report-data.js';
