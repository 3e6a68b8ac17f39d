export { renderReportHtml } from './render-report.js';
