import type { Fault } from './faults.js';
import type { FleetSeed } from './fleet-schema.js';
import type { LostAnswerStats } from './lost-answers.js';
import type {
  RecognitionProfileInput,
  RecognitionReferences,
  RecognitionStats,
  SilentImprovementInput,
} from './recognition-book.js';
import type { SimulatorRequestLogEntry } from './request-log-entry.js';
import type { InvalidResources } from './resources.js';
import type { SeededIds } from './seeding.js';
import type { SimulatedModelSnapshot } from './store.js';

/** The running simulator as tests, the demo and its own controls drive it. */
export interface SimulatorStats {
  upgradesInFlight: number;
  peakUpgradesInFlight: number;
  /** Requests IBM applied whose answer the client never got. */
  lostAnswers: LostAnswerStats;
  /** `/v1/recognize` requests and the audio billed for them. */
  recognition: RecognitionStats;
}

export interface RunningSimulator {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Makes `version` (e.g. `v2026-11-24`) the latest version of a base model. */
  releaseBaseModelVersion(baseModelName: string, version: string): void;
  hasBaseModel(baseModelName: string): boolean;
  /** IBM API calls only, oldest first. */
  requestLog(): SimulatorRequestLogEntry[];
  clearRequestLog(): void;
  addFaults(faults: Fault[]): void;
  clearFaults(): void;
  /** Removes all models, faults and log entries and restores the built-in base model catalog. */
  reset(): void;
  seedFleet(fleet: FleetSeed): SeededIds;
  /**
   * Marks existing corpora, words or grammars of a language model invalid (IBM could not analyse
   * them), so that training fails on them unless `strict=false`. Throws `SimulatorInputError`
   * naming any resource the model does not have, or 404 for an unknown model.
   */
  markInvalidResources(customizationId: string, resources: InvalidResources): void;
  /** Reference texts by the SHA-256 of the audio bytes (`audioSha256`): recognition hears them. */
  addRecognitionReferences(references: RecognitionReferences['references']): void;
  /** Error profiles per base model version or customization; a later one replaces the same target's. */
  addRecognitionProfiles(profiles: RecognitionProfileInput[]): void;
  /**
   * IBM improves a base model silently ("Improvements of ... are now available"): recognition with it
   * changes, customized or not, and its versions stay as they are.
   */
  improveBaseModel(baseModelName: string, improvement: SilentImprovementInput): void;
  /** IBM stops supporting a base model version: recognition with it runs without customization. */
  withdrawBaseModelVersion(baseModelName: string, version: string): void;
  /** The model as GET would return it, after applying due transitions. */
  model(customizationId: string): SimulatedModelSnapshot | undefined;
  stats(): SimulatorStats;
}
