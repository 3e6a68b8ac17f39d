export * from './model-family.js';
export * from './opaque-versions.js';
