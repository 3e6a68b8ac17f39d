export { renderReportHtml } from './html/index.js';
export { type PublishedReport, publishFleetRunReport } from './publish-report.js';
export { gatherFleetRunReport, gatherModelReport, type ReportSources } from './report-data.js';
