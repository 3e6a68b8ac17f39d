import type { HistoryStore } from '#adapters/history-store/index.js';
import type { UpgradeAttempt } from '#core/history/history-records.js';
import type { CustomModel } from '#core/model/custom-model.js';
import { settleStoppedAttempt } from '#core/stopping/stopped-attempt.js';
import type { StoppedRunNote } from '#core/stopping/stopped-note.js';

type Settler = Pick<
  HistoryStore,
  'modelHistory' | 'getRun' | 'updateAttempt' | 'recordStep' | 'recordLanguageModelStep' | 'stopped'
>;

/** How many of a model's latest attempts are looked at for one a stopped run left open. */
const RECENT_ATTEMPTS = 5;

/**
 * The planner's part: every note the closer left on an instance's models is settled against the
 * models just listed, before the plan decides which are behind, so a model IBM finished upgrading for
 * a stopped run is recorded upgraded under that run's id and not skipped as up to date unrecorded.
 * `pairedWith` gives an acoustic model's language model where it was trained with one.
 */
export async function settleNotedAttempts(
  history: Settler,
  instanceId: string,
  listing: { readonly models: readonly CustomModel[]; readonly listedAt: Date },
  pairedWith: (customizationId: string) => string | undefined,
  now: Date,
): Promise<void> {
  for (const note of await history.stopped.onInstance(instanceId)) {
    const model = {
      model: listing.models.find((m) => m.customizationId === note.customizationId),
      readAt: listing.listedAt,
    };
    const attempts = await openAttempts(history, instanceId, note.customizationId);
    await settleRunAttempt(history, note, attempts, model, pairedWith(note.customizationId), now);
  }
}

/**
 * A unit's part: attempts on the model it reads that runs which have ended left open. Its checks
 * repeat while IBM is busy, so the attempt is settled at the first check that finds IBM done.
 */
export async function settleModelAttempts(
  history: Settler,
  scope: { readonly runId: string; readonly instanceId: string },
  reading: { readonly model: CustomModel; readonly readAt: Date },
  pairedWith: string | undefined,
  now: Date,
): Promise<void> {
  const { model } = reading;
  const open = await openAttempts(history, scope.instanceId, model.customizationId);
  for (const runId of new Set(open.map((a) => a.runId))) {
    if (runId === scope.runId) continue;
    const note = (await history.stopped.get(scope.instanceId, model.customizationId, runId)) ?? {
      instanceId: scope.instanceId,
      customizationId: model.customizationId,
      runId,
      requests: [],
    };
    await settleRunAttempt(history, note, open, reading, pairedWith, now);
  }
}

async function openAttempts(history: Settler, instanceId: string, customizationId: string) {
  const recent = await history.modelHistory(instanceId, customizationId, { limit: RECENT_ATTEMPTS });
  return recent.filter((attempt) => attempt.outcome === 'in-progress');
}

/** Reads the run, lets core settle its attempt, writes what core decided, and drops a settled note. */
async function settleRunAttempt(
  history: Settler,
  note: Pick<StoppedRunNote, 'instanceId' | 'customizationId' | 'runId' | 'requests'>,
  openAttempts: readonly UpgradeAttempt[],
  reading: { readonly model: CustomModel | undefined; readonly readAt: Date },
  pairedWith: string | undefined,
  now: Date,
): Promise<void> {
  const attempt = openAttempts.find((a) => a.runId === note.runId);
  const run = await history.getRun(note.runId);
  const settlement = settleStoppedAttempt(
    { attempt, run, model: reading.model, modelReadAt: reading.readAt, requests: note.requests, pairedWith },
    now,
  );
  if (settlement.kind === 'wait') return;
  if (settlement.languageModelStep) {
    await history.recordLanguageModelStep({
      instanceId: note.instanceId,
      customizationId: note.customizationId,
      ...settlement.languageModelStep,
      runId: note.runId,
      doneAt: now.toISOString(),
    });
  }
  for (const request of attempt ? (settlement.unrecordedSteps ?? []) : []) {
    const { runId, customizationId } = note;
    const detail = { requested: true, force: false, recordedAfterStop: true };
    const { recorded } = await history.recordStep(
      { runId, customizationId, step: request.step, at: request.at, detail },
      request.step,
    );
    if (recorded && attempt) await history.updateAttempt(attempt, {}, { appendStep: request.step });
  }
  if (attempt && settlement.end) await history.updateAttempt(attempt, settlement.end);
  await history.stopped.remove(note);
}
