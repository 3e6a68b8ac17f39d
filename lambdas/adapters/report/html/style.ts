/** The report's only styling: inline, so the file needs nothing from anywhere else. */
export const REPORT_CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 980px; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
h3 { font-size: 1rem; margin: 1.4rem 0 .3rem; }
.subtitle { color: #57606a; margin-top: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { color: #57606a; }
dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
table.upgrades { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.upgrades th, table.upgrades td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eaeef2; }
table.upgrades td.number { text-align: right; }
.outcome-passed, .outcome-better { color: #1a7f37; } .outcome-regressed, .outcome-worse { color: #cf222e; font-weight: 600; } .outcome-invalid { color: #9a6700; }
figure.chart { margin: .5rem 0 1rem; }
figure.chart figcaption { color: #57606a; font-size: .9rem; }
.utterance { margin: .8rem 0 1.2rem; }
.utterance .reference { margin: .2rem 0; }
.utterance .line { color: #57606a; font-variant-numeric: tabular-nums; }
table.alignment { border-collapse: collapse; margin: .2rem 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
table.alignment caption { text-align: left; color: #57606a; font-family: system-ui, sans-serif; font-size: 12px; caption-side: top; }
table.alignment th { text-align: right; font-weight: normal; color: #57606a; padding-right: .6rem; white-space: nowrap; }
table.alignment td { padding: .1rem .35rem; border: 1px solid #eaeef2; }
td.substitution { background: #fff8c5; }
td.deletion { background: #ffebe9; text-decoration: line-through; }
td.insertion { background: #dafbe1; }
td sup { color: #57606a; margin-left: .1rem; }
.legend span { padding: 0 .4rem; margin-right: .4rem; }
.note { color: #57606a; }
@media print { body { margin: 0; } h2 { break-after: avoid; } .utterance { break-inside: avoid; } }
`;
