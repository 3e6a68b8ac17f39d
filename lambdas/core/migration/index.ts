export * from './carried-words.js';
export * from './migration-settings.js';
export * from './new-model.js';
export * from './plan.js';
export * from './ports.js';
export * from './target-mapping.js';
export * from './verdict.js';
