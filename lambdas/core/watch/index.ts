export * from './comparison.js';
export * from './measurement.js';
export * from './monthly-cap.js';
export * from './new-measurement.js';
export * from './recognition-query.js';
export * from './watch-metrics.js';
export * from './watch-run.js';
export * from './watch-settings.js';
