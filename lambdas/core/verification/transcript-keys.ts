/**
 * Where the upgrader keeps its own objects in the test-set bucket: under `_upgrader/`, a prefix no
 * test set can have (their names start with a letter or a digit).
 */
export const UPGRADER_PREFIX = '_upgrader/';
/** Verification transcripts: written by the verifying function, read by reports. */
export const TRANSCRIPTS_PREFIX = `${UPGRADER_PREFIX}transcripts/`;
/** HTML reports: written by the fleet summary. */
export const REPORTS_PREFIX = `${UPGRADER_PREFIX}reports/`;

/** The transcripts of one model's verification in one run: one object per recognised batch. */
export function verificationTranscriptsPrefix(runId: string, customizationId: string): string {
  return `${TRANSCRIPTS_PREFIX}verifications/${keyPart(runId)}/${keyPart(customizationId)}/`;
}

export function transcriptBatchKey(prefix: string, batch: number): string {
  return `${prefix}batch-${String(batch).padStart(5, '0')}.json`;
}

/** An id as one segment of a key: encoded, so that no id adds a level or climbs one. */
export function keyPart(id: string): string {
  if (id === '' || id === '.' || id === '..') throw new Error(`'${id}' cannot name an object key segment`);
  return encodeURIComponent(id);
}
