/** A timestamp usable in execution names and trigger ids: `2026-11-24T08-00-00-000Z`. */
export function nameStamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}
