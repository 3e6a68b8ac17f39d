import { describe, expect, it } from 'vitest';
import { fleetRunReportKey, fleetRunWantsReport, watchRunReportKey } from '#core/report/report-keys.js';

describe('where reports go in the bucket', () => {
  it('files fleet runs and watch runs under the upgrader’s reports, ids escaped', () => {
    expect(fleetRunReportKey('release-ca43')).toBe('_upgrader/reports/fleet-runs/release-ca43.html');
    expect(watchRunReportKey('prod', 'watch 1/2')).toBe(
      '_upgrader/reports/watch-runs/prod/watch%201%2F2.html',
    );
  });

  it.each([
    ['NothingToUpgrade', false],
    ['Succeeded', true],
  ] as const)('a fleet run that ended %s wants a report: %s', (status, wanted) => {
    expect(fleetRunWantsReport({ status } as Parameters<typeof fleetRunWantsReport>[0])).toBe(wanted);
  });
});
