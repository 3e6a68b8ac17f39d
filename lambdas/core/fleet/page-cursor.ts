import { z } from 'zod';
import { fleetRefSchema, type upgradeUnitInputSchema } from '../unit/unit-input.js';

/**
 * The small documents the fleet state machine passes between its states. Units never travel through
 * the parent's states except one page at a time, so no payload grows with the fleet.
 */

const fleetRunId = fleetRefSchema.shape.runId;

/** Output of `Plan fleet` and of `Fetch unit page`: where the page loop stands. */
export const fleetCursorSchema = z.object({
  fleetRunId,
  pageCount: z.number().int().nonnegative(),
  /** The page `Fetch unit page` reads next; meaningful while `hasNextPage`. */
  nextPage: z.number().int().min(1),
  hasNextPage: z.boolean(),
});
export type FleetCursor = z.infer<typeof fleetCursorSchema>;

/** What `Fetch unit page` adds: the units the Distributed Map runs. */
export type FleetPageState = FleetCursor & {
  readonly page: number;
  readonly units: z.infer<typeof upgradeUnitInputSchema>[];
};

export const fetchUnitPageTaskSchema = z.object({
  fleetRunId,
  nextPage: z.number().int().min(1),
});

export const summarizeFleetTaskSchema = z.object({ fleetRunId });

/** The cursor after page `page` of `pageCount`. */
export function cursorAfter(fleetRunIdValue: string, page: number, pageCount: number): FleetCursor {
  return {
    fleetRunId: fleetRunIdValue,
    pageCount,
    nextPage: page + 1,
    hasNextPage: page < pageCount,
  };
}
