import { type RecognitionReference, writeTestSet } from '#testkit/test-sets.js';

/**
 * A call-centre test set named `calls` under `directory`: `utterances` generated recordings of
 * `secondsPerUtterance` each and their manifest. Returns the references to register with the simulator.
 */
export function writeCallTestSet(
  directory: string,
  options: { readonly utterances: number; readonly secondsPerUtterance: number; readonly seed: number },
): RecognitionReference[] {
  const texts = Array.from(
    { length: options.utterances },
    (_, n) => `caller ${n} would like to check the status of claim number ${n}`,
  );
  return writeTestSet(directory, 'calls', texts, {
    seconds: options.secondsPerUtterance,
    seed: options.seed,
  });
}
