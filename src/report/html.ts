/**
 * The report page: one self-contained HTML document (styles, SVG charts, thumbnails as data URIs,
 * a small script) that needs no network when viewed. A Content-Security-Policy makes that a
 * guarantee rather than a habit: the page may load nothing but data: images, and scripts or
 * markup that slipped into model output could not fetch anything either.
 */
import { VERSION } from '../version.js';
import { renderComparisonHtml, type Comparison } from './compare.js';
import { DRILLDOWN_SCRIPT, facetsOfRuns, renderDrilldown, type DrillRow } from './drilldown.js';
import { esc } from './format.js';
import type { LoadedRun, MmmuRun, SuiteRun } from './runData.js';
import { summaryTable } from './sections.js';
import { trainingSection } from './sections.js';
import { familySections } from './familySections.js';
import { efficiencySection } from './efficiency.js';

export interface ReportContent {
  runs: LoadedRun[];
  comparison: Comparison | null;
  rows: DrillRow[];
  markdown: string;
  generated: string;
}

export interface PageOptions {
  /** HTML placed above the report (the dashboard's live progress bar). */
  banner?: string;
  /** Extra inline scripts (the dashboard's event stream). */
  scripts?: string[];
  /** Allow fetch/EventSource to the page's own origin (the dashboard); the file report allows none. */
  connectSelf?: boolean;
}

export const STYLE =
  `
:root{--fg:#1d2430;--muted:#5b6575;--line:#d9dee7;--bg:#f6f7f9;--card:#fff;--good:#0a7d4f;--bad:#b42318;` +
  `--warn:#a15c00;--accent:#0072B2}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;` +
  `color:var(--fg);background:var(--bg)}
header.top{background:#17202e;color:#fff;padding:16px 28px}header.top h1{margin:0;font-size:20px}header.top ` +
  `p{margin:4px 0 0;color:#b8c2d3}
nav{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:6px 28px}nav ` +
  `a{margin-right:16px;color:var(--accent);text-decoration:none}
main{padding:8px 28px 40px;max-width:1400px}section{background:var(--card);border:1px solid var(--line);` +
  `border-radius:8px;padding:14px 18px;margin:16px 0}
h2{margin:0 0 10px;font-size:17px}h3{font-size:15px;margin:12px 0 6px}h4{margin:8px 0 2px;font-size:12px;` +
  `color:var(--muted);text-transform:uppercase}
table{border-collapse:collapse;margin:6px 0 10px}th,td{border-bottom:1px solid var(--line);padding:5px 10px;` +
  `text-align:left;vertical-align:top}thead th{background:#eef1f5;font-weight:600}
td.big .metric{font-size:20px;font-weight:700}.ci{color:var(--muted);font-size:12px}small{color:var(--muted)}.hint,` +
  `.note{color:var(--muted)}
tr.baseline th,tr.baseline td{color:var(--muted);font-style:italic}
.charts{display:flex;flex-wrap:wrap;gap:18px}figure.chart{margin:0}figcaption{font-weight:600;margin-bottom:2px}` +
  `.legend{font-size:12px;color:var(--muted)}
.key{margin-right:12px;white-space:nowrap}.key i{display:inline-block;width:12px;height:12px;margin-right:4px;` +
  `vertical-align:-2px;border-radius:2px}
.key i.k-random{height:0;border-top:2px dashed #6b7280;border-radius:0}.key i.k-frequent{height:0;border-top:2px ` +
  `dotted #b42318;border-radius:0}
svg .grid{stroke:#e5e8ee}svg .tick,svg .glabel,svg .na{font-size:11px;fill:#5b6575}svg .whisker{stroke:#1d2430;` +
  `stroke-width:1.4;fill:none}
svg .ref-random{stroke:#6b7280;stroke-width:2;stroke-dasharray:5 3}svg .ref-frequent{stroke:#b42318;stroke-width:2;` +
  `stroke-dasharray:2 2}svg .line{fill:none;stroke-width:1.8}
table.matrix td{min-width:150px}td.good{background:#e7f6ee}td.bad{background:#fdecea}
td.sig.up,td.sig:not(.down){background:#e7f6ee}td.sig.down{background:#fdecea}
.filters{position:sticky;top:34px;z-index:1;background:#fff;padding:8px 0;border-bottom:1px solid var(--line)}` +
  `.filters label{margin-right:12px}.count{color:var(--muted)}
article.item{border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px;padding:8px 12px;` +
  `margin:8px 0;background:#fff}
article.correct{border-left-color:var(--good)}article.wrong,article.unparsed{border-left-color:var(--bad)}` +
  `article.partial{border-left-color:var(--warn)}article.error{border-left-color:#6b7280;background:#fafafa}
article.correct .outcome{color:var(--good)}article.wrong .outcome,article.unparsed .outcome{color:var(--bad)}` +
  `article.partial .outcome{color:var(--warn)}
.cond,.sample,.runtag{background:#eef1f5;border-radius:10px;padding:0 8px;font-size:12px}` +
  `.facets{color:var(--muted);font-size:12px}
.thumbs{display:flex;flex-wrap:wrap;gap:3px;margin:6px 0}.thumbs img{display:block;border-radius:2px;border:1px ` +
  `solid var(--line)}.thumbs .note{color:var(--muted);font-size:12px;align-self:center}
.options span{margin-right:10px}pre{white-space:pre-wrap;word-break:break-word;background:#f3f5f8;padding:8px;` +
  `border-radius:4px;margin:2px 0 6px;max-height:320px;overflow:auto}
.progress{background:#fff8e6;border:1px solid #f0d9a8;border-radius:8px;padding:10px 16px;margin:16px 0}` +
  `.pbar{background:#e5e8ee;border-radius:4px;height:10px;width:320px;display:inline-block;vertical-align:middle}` +
  `.pbar>i{display:block;height:10px;border-radius:4px;background:var(--accent)}
`;

function csp(connectSelf: boolean): string {
  return (
    `default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src ` +
    `${connectSelf ? "'self'" : "'none'"}; base-uri 'none'; form-action 'self'`
  );
}

export function renderReportHtml(c: ReportContent, opts: PageOptions = {}): string {
  const names = c.runs.map((r) => r.name);
  const { sections, unclaimed } = familySections(c.runs);
  if (unclaimed.length) sections.push(['results', 'Results', summaryTable(unclaimed)]);
  if (!c.comparison && c.runs.length > 1)
    sections.push([
      'compare',
      'Runs compared',
      '<p class="note">These runs are of different kinds (Video-MMMU and the Video-R1 suite): shown side by side ' +
        'above, not compared item by item.</p>',
    ]);
  if (c.comparison)
    sections.push([
      'compare',
      'Runs compared',
      `<p class="hint">Each run against the first (A), on the items both answered: paired bootstrap 95% CI of the ` +
        `difference (seeded) and, where items are right or wrong, McNemar's exact p. Shaded cells: the CI excludes ` +
        `zero; * marks a difference that survives both.</p>${renderComparisonHtml(c.comparison)}`,
    ]);
  const efficiency = efficiencySection(c.runs);
  if (efficiency) sections.push(['efficiency', 'Efficiency', efficiency]);
  const training = trainingSection(c.runs as (MmmuRun | SuiteRun)[]);
  if (training) sections.push(['training', 'Training curves', training]);
  sections.push(['drilldown', 'Questions', renderDrilldown(c.rows, facetsOfRuns(c.runs), names)]);
  sections.push([
    'markdown',
    'Markdown',
    `<details><summary>The same tables as Markdown (also written next to this file)</summary><pre class="markdown">` +
      `${esc(c.markdown)}</pre></details>`,
  ]);
  const computed = c.runs.filter((r) => r.computed).map((r) => r.name);
  const title = `vreason report — ${c.runs.map((r) => `${r.name} (${r.model})`).join(' vs ')}`;
  return (
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp(Boolean(opts.connectSelf))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body>
<header class="top"><h1>${esc(title)}</h1><p>${c.runs.map((r) => esc(r.dir)).join(' · ')} — generated ` +
    `${esc(c.generated)} by vreason ${esc(VERSION)}` +
    `${computed.length ? ' — computed from the records (no up-to-date results.json): ' : ''}` +
    `${computed.length ? esc(computed.join(', ')) : ''}</p></header>
<nav>${sections.map(([id, name]) => `<a href="#${id}">${esc(name)}</a>`).join('')}</nav>
<main>${opts.banner ?? ''}
${sections.map(([id, name, body]) => `<section id="${id}"><h2>${esc(name)}</h2>${body}</section>`).join('\n')}
</main>
<script>${DRILLDOWN_SCRIPT}</script>${(opts.scripts ?? []).map((s) => `<script>${s}</script>`).join('')}
</body></html>
`
  );
}
