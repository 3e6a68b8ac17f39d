import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '#adapters/report/index.js';
import { fleetRunReport } from '#core/report/index.js';
import { fixtureRun, ids, NEW, OLD } from '#test/core/report/report-fixture.js';

// The report of a fixture fleet run, rendered to HTML and read back with a DOM parser, as a
// browser would see it.

const html = renderReportHtml(fleetRunReport(fixtureRun()));
const document = new DOMParser().parseFromString(html, 'text/html');
type HTMLElement = NonNullable<ReturnType<typeof document.querySelector>>;
const all = (selector: string, root: { querySelectorAll(s: string): Iterable<unknown> } = document) =>
  [...root.querySelectorAll(selector)] as HTMLElement[];
const text = (element: HTMLElement | undefined) => element?.textContent?.trim() ?? '';

describe('the HTML report of a fleet run', () => {
  it('charts each verified model once, with a point per measured WER and a rule per upgrade or retrain', () => {
    const charts = all('figure.chart[data-model]');
    expect(charts.map((chart) => chart.getAttribute('data-model'))).toEqual([
      ids.claims,
      ids.notes,
      ids.support,
    ]);
    const drawn = (chart: HTMLElement) => ({
      points: all('svg g[aria-label="dot"] circle', chart).length,
      rules: all('svg g[aria-label="rule"] line', chart).length,
    });
    // claims and support: the old WER when the run began, the new one when verified. notes: two
    // verifications (a retrain last month, this upgrade) and two of three watch measurements (one had no words).
    expect(charts.map(drawn)).toEqual([
      { points: 2, rules: 1 },
      { points: 6, rules: 2 },
      { points: 2, rules: 1 },
    ]);
    expect(text(all('svg', charts[1]).at(-1))).toContain('retrained to');
  });

  it("shows the run's old -> new WER per verified model, regressions first", () => {
    const rows = all('table.upgrades tbody tr').map((row) => all('td', row).map((cell) => text(cell)));
    expect(rows.map((cells) => cells.slice(0, 2))).toEqual([
      ['claims', 'regressed'],
      ['notes', 'passed'],
      ['support', 'passed'],
    ]);
    expect(rows[0]?.slice(3, 8)).toEqual([OLD, NEW, '5.00%', '20.00%', '+15.00 pt']);
    const arrows = all('svg g[aria-label="arrow"] path');
    expect(arrows).toHaveLength(3);
  });

  it("draws the fleet's WER changes as a histogram with the gate", () => {
    const section = all('h2').find((h) => text(h).startsWith('How WER changed'));
    const figure = section?.nextElementSibling as HTMLElement;
    expect(all('svg g[aria-label="rect"] rect', figure)).toHaveLength(3);
    expect(text(all('figcaption', figure)[0])).toContain('3 model(s)');
    expect(text(all('figcaption', figure)[0])).toContain('1.00 percentage points');
  });

  it('aligns the changed utterances of a regression, substitutions, deletions and insertions marked', () => {
    const regression = all(`section.regression[data-model="${ids.claims}"]`)[0] as HTMLElement;
    const utterances = all('.utterance', regression);
    // The unchanged utterance is left out; the one the new version lost most on comes first.
    expect(utterances.map((u) => text(all('.reference', u)[0]))).toEqual([
      '#2 i want to check my claim status today',
      '#3 the form is on the letter',
    ]);
    const cells = (utterance: HTMLElement, side: string, row: number) =>
      all(`table.alignment.${side} tr`, utterance)[row] as HTMLElement;
    const marked = (row: HTMLElement) =>
      all('td', row)
        .filter((cell) => cell.className !== 'correct')
        .map((cell) => [cell.className, text(cell)]);
    const [first, second] = utterances as [HTMLElement, HTMLElement];
    expect(marked(cells(first, 'old', 1))).toEqual([]);
    expect(marked(cells(first, 'new', 0))).toEqual([
      ['substitution', 'claim'],
      ['deletion', 'today'],
    ]);
    expect(marked(cells(first, 'new', 1))).toEqual([
      ['substitution', 'clamS'],
      ['deletion', 'D'],
    ]);
    expect(marked(cells(second, 'new', 1))).toEqual([['insertion', 'theI']]);
    // The inserted word has an empty reference cell above it; the reference reads on around it.
    const referenceRow = all('td', cells(second, 'new', 0)).map((cell) => [cell.className, text(cell)]);
    expect(referenceRow.filter(([kind]) => kind === 'insertion')).toEqual([['insertion', '']]);
    expect(
      referenceRow
        .map(([, word]) => word)
        .filter(Boolean)
        .join(' '),
    ).toBe('the form is on the letter');
  });

  it('needs nothing from the network and no script to be viewed', () => {
    expect(all('script, link, iframe, object, embed, img, base')).toEqual([]);
    const attributes = all('*').flatMap((element) =>
      [...element.attributes].map((attribute) => [attribute.name, attribute.value] as const),
    );
    expect(attributes.filter(([name]) => name.startsWith('on'))).toEqual([]);
    expect(attributes.filter(([, value]) => /https?:|^\/\//iu.test(value))).toEqual([]);
    const styles = all('style').map((style) => style.textContent ?? '');
    expect(styles.filter((style) => /@import|url\((?!#)/iu.test(style))).toEqual([]);
    expect(html).not.toMatch(/https?:\/\//iu);
  });
});
