/**
 * Hang guard for a test that synthesizes the whole stack: that takes up to about 35 s on a
 * two-core machine whose other core is busy, and a guard allows five times that.
 */
export const STACK_SYNTHESIS_TIMEOUT_MS = 180_000;
