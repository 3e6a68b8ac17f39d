import { VerificationTranscripts } from '#adapters/object-store/index.js';
import type { TestSetSource } from '#adapters/test-sets/index.js';
import type { Clock } from '#core/contract/clock.js';
import type { VerificationRecords } from '#core/history/ports.js';
import type { SttService } from '#core/model/custom-model.js';
import type { InstanceSettings, VerificationSettings } from '#core/settings/instance-settings.js';
import type { Recognizer } from '#core/verification/recognition-parameters.js';
import type { TranscriptStore } from '#core/watch/index.js';
import type { WatchRecords } from '#core/watch/ports.js';
import { objectsUnder } from './test-set-stores.js';
import type { Wiring } from './wiring.js';

/** What the `verify-model` phases need from the outside world; `verifyDeps` builds it, in AWS and locally. */
export interface VerifyDeps {
  /** A customization client for a configured instance; rejects with `InvalidInput` for an unknown one. */
  stt(instanceId: string): Promise<SttService>;
  recognizer(instanceId: string): Promise<Recognizer>;
  /** The settings of a configured instance (its test-set mapping); rejects like `stt`. */
  instanceSettings(instanceId: string): Promise<InstanceSettings>;
  readonly verification: VerificationSettings;
  /** A test set by its name: `s3://<bucket>/<name>/` in AWS, `<directory>/<name>` locally. */
  testSet(name: string): TestSetSource;
  /** Per-utterance transcripts, in the test-set bucket (locally, a directory). */
  readonly verificationTranscripts: VerificationTranscripts;
  /** The accuracy watch's transcripts: a verified language model's new side is its watch measurement. */
  readonly transcripts?: TranscriptStore;
  readonly history: { readonly verification: VerificationRecords; readonly watch: WatchRecords };
  readonly clock: Clock;
}

export function verifyDeps(
  wiring: Wiring,
  config: { readonly verification: VerificationSettings },
): VerifyDeps {
  return {
    stt: wiring.clients.stt,
    recognizer: wiring.clients.recognizer,
    instanceSettings: wiring.settings.instanceSettings,
    verification: config.verification,
    testSet: wiring.testSets.testSet,
    verificationTranscripts: new VerificationTranscripts(wiring.testSets.objects ?? objectsUnder(undefined)),
    ...(wiring.testSets.objects && { transcripts: wiring.testSets.transcripts }),
    history: wiring.history,
    clock: wiring.clock,
  };
}
