import { z } from 'zod';

/** What a person watching a local run sees for one model. */
export interface ModelLine {
  readonly customizationId: string;
  kind: string;
  name: string;
  /** The last state the model's branch entered, without its `Language model: ` prefix. */
  phase: string;
  step: string;
  polls: number;
  /** When the model's branch wakes for its next poll or check (wall-clock time), while it waits. */
  nextPollAt: string | undefined;
  stateTransitions: number;
  /** Domain time when this model's branch first moved. */
  readonly firstSeenMs: number;
  lastSeenMs: number;
}

/** The part of a per-model state's input the tracker reads; anything else is ignored. */
const modelStateInputSchema = z.object({
  model: z.object({ kind: z.string(), customizationId: z.string() }),
  progress: z
    .object({
      modelName: z.string(),
      step: z.string().nullable(),
      polls: z.number(),
      wakeAt: z.string().nullish(),
    })
    .nullish(),
});

const stateEnteredSchema = z.object({
  type: z.literal('StateEntered'),
  state: z.object({ name: z.string(), input: z.unknown() }),
});

/** Follows state machine events and keeps one line per model for a live view and the final figures. */
export class ModelProgressTracker {
  private readonly lines = new Map<string, ModelLine>();
  private readonly transitionsByExecution = new Map<string, number>();

  constructor(private readonly nowMs: () => number) {}

  /** Names a model before its branch starts, so the first lines already say which model it is. */
  introduce(model: { kind: string; customizationId: string; name: string }): void {
    const now = this.nowMs();
    this.lines.set(model.customizationId, {
      customizationId: model.customizationId,
      kind: model.kind,
      name: model.name,
      phase: 'queued',
      step: '',
      polls: 0,
      nextPollAt: undefined,
      stateTransitions: 0,
      firstSeenMs: now,
      lastSeenMs: now,
    });
  }

  /** Feeds one executor event of an execution; returns the model's line when the event changed it. */
  observe(event: unknown, executionName = ''): ModelLine | undefined {
    const entered = stateEnteredSchema.safeParse(event);
    if (!entered.success) return undefined;
    this.transitionsByExecution.set(executionName, (this.transitionsByExecution.get(executionName) ?? 0) + 1);
    const input = modelStateInputSchema.safeParse(entered.data.state.input);
    if (!input.success) return undefined;
    const { model, progress } = input.data;
    const now = this.nowMs();
    const line = this.lines.get(model.customizationId) ?? {
      customizationId: model.customizationId,
      kind: model.kind,
      name: '',
      phase: '',
      step: '',
      polls: 0,
      nextPollAt: undefined,
      stateTransitions: 0,
      firstSeenMs: now,
      lastSeenMs: now,
    };
    line.stateTransitions += 1;
    line.lastSeenMs = now;
    line.phase = entered.data.state.name.replace(/^[^:]*:\s*/, '');
    line.nextPollAt = line.phase.startsWith('wait') ? (progress?.wakeAt ?? undefined) : undefined;
    if (progress) {
      line.name = progress.modelName || line.name;
      line.step = progress.step ?? '';
      line.polls = Math.max(line.polls, progress.polls);
    }
    this.lines.set(model.customizationId, line);
    return line;
  }

  all(): ModelLine[] {
    return [...this.lines.values()];
  }

  /** State transitions seen in one execution. */
  transitionsOf(executionName: string): number {
    return this.transitionsByExecution.get(executionName) ?? 0;
  }

  get(customizationId: string): ModelLine | undefined {
    return this.lines.get(customizationId);
  }
}
