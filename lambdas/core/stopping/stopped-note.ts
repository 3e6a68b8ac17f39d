import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true });
const name = z.string().min(1);

/** A step the stopped run told its claim it was about to ask IBM for, before it asked. */
export const notedRequestSchema = z.object({
  step: name,
  at: timestamp,
  /** The model's `updated` just before the request: a step that adds no version shows only there. */
  updatedBefore: z.string().nullable(),
});
export type NotedRequest = z.infer<typeof notedRequestSchema>;

/**
 * Left by the closer for each model of a run it closed: the run's attempt on the model may still be
 * open while IBM finishes what the run asked for. The closer releases the run's claims, so the
 * requests noted on them are copied here. The next run that reads the model settles the attempt and
 * removes the note.
 */
export const stoppedRunNoteSchema = z.object({
  type: z.literal('stopped-run-note'),
  instanceId: name,
  customizationId: name,
  runId: name,
  closedAt: timestamp,
  requests: z.array(notedRequestSchema),
});
export type StoppedRunNote = z.infer<typeof stoppedRunNoteSchema>;
