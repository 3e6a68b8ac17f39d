export type { HttpAnswer, SimulatorAuth } from './auth.js';
export type { BaseModel, UpgradeMethod } from './catalog.js';
export { ManualClock, type SimulatorClock, systemClock } from './clock.js';
export { type Fault, faultSchema } from './faults.js';
export {
  type AcousticModelSeed,
  type FleetSeed,
  fleetSeedSchema,
  type LanguageModelSeed,
} from './fleet-schema.js';
export { SimulatorInputError } from './issues.js';
export type { LostAnswerKind, LostAnswerStats } from './lost-answers.js';
export { SimulatorMessages } from './messages.js';
export { type Operation, operations } from './operations.js';
export { SeededRandom } from './random.js';
export {
  audioSha256,
  type RecognitionProfileInput,
  type RecognitionReferences,
  type RecognitionStats,
} from './recognition-book.js';
export type { RequestLogEntry } from './request-log.js';
export type { SimulatorRequestLogEntry } from './request-log-entry.js';
export type { SeededIds } from './seeding.js';
export {
  type RunningSimulator,
  type SimulatorOptions,
  type SimulatorStats,
  startSimulator,
} from './server.js';
export type { SimulatedModelSnapshot } from './store.js';
export type { Platform } from './training.js';
export { type GeneratedWav, generateWav } from './wav.js';
