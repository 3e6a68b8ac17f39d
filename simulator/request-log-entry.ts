import type { LostAnswerNote } from './lost-answers.js';
import type { RequestLogEntry } from './request-log.js';

/**
 * A request log entry as the simulator reports it: an entry whose answer was lost after IBM
 * applied the request says so. The log keeps entries as given, so the note travels with them.
 */
export type SimulatorRequestLogEntry = RequestLogEntry & Partial<LostAnswerNote>;
