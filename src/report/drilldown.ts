/**
 * Per-question drill-down: what the model was shown (frame thumbnails), asked (the prompt) and
 * answered (its reasoning, the parsed answer, right or wrong), filterable in the page by run,
 * track/benchmark, discipline/problem type, condition and outcome. Model output is untrusted text:
 * it is only ever inserted escaped, inside <pre>.
 */
import { TRACKS } from '../core/types.js';
import type { StoredRecord } from '../eval/runStore.js';
import { esc, scriptJson } from './format.js';
import { reasoningTagsOf, stripReasoning } from '../tasks/reasoning.js';
import type { Task } from '../tasks/task.js';
import { recordGroups, scoreRecord, tasksOf, type LoadedRun } from './runData.js';
import type { ThumbnailMaker, Thumbs } from './thumbnails.js';

export type Outcome = 'correct' | 'partial' | 'wrong' | 'unparsed' | 'error';

export interface DrillRow {
  run: number;
  id: string;
  condition: string;
  /** `--samples N` runs: which of the question's samples this answer is; null otherwise. */
  sample: number | null;
  /** Filterable facets, e.g. track/discipline/type or benchmark/problem_type/data_type. */
  facets: Record<string, string>;
  outcome: Outcome;
  score: number | null;
  prompt: string;
  response: string | null;
  /** Reasoning blocks cut from the response before parsing (the record's own tag choice), or null. */
  reasoning: string | null;
  /** True when a reasoning block never closed. */
  unclosed: boolean;
  /** The server's separate reasoning (`reasoning_content`), never parsed; null when none. */
  reasoning_content: string | null;
  parsed: unknown;
  gold: unknown;
  options: string[];
  error: string | null;
  visual: string;
  thumbs: Thumbs;
}

export function outcomeOf(task: Task, r: StoredRecord): { outcome: Outcome; score: number | null; parsed: unknown } {
  const s = scoreRecord(task, r);
  if (!s) return { outcome: 'error', score: null, parsed: null };
  // Video-MMMU counts an unreadable answer wrong but shows it apart; a suite answer without an
  // <answer> tag is still scored on its whole text, so its score decides.
  if (task.unparsedApart && s.unparsed) return { outcome: 'unparsed', score: s.score, parsed: s.parsed };
  const outcome: Outcome = s.score >= 1 ? 'correct' : s.score > 0 ? 'partial' : 'wrong';
  return { outcome, score: s.score, parsed: s.parsed };
}

/** The facets the runs' tasks are filtered by, each once, in display order: [facet key, label]. */
export function facetsOfRuns(runs: readonly LoadedRun[]): [string, string][] {
  const seen = new Map<string, string>();
  for (const t of runs.flatMap(tasksOf)) for (const [k, label] of t.facets) if (!seen.has(k)) seen.set(k, label);
  return [...seen];
}

const trackRank = (t: string): number => {
  const i = (TRACKS as readonly string[]).indexOf(t);
  return i < 0 ? TRACKS.length : i;
};

/** Rows for every record of the runs, thumbnails included; sorted for reading, not by arrival. */
export async function drillRows(runs: readonly LoadedRun[], thumbs: ThumbnailMaker | null): Promise<DrillRow[]> {
  const rows = await Promise.all(
    runs.flatMap((run) =>
      recordGroups(run).flatMap(({ task, records, datasetRoot }) =>
        records.map(async (r): Promise<DrillRow> => {
          const o = outcomeOf(task, r);
          const item = r.item;
          const cut = r.response ? stripReasoning(r.response.text, reasoningTagsOf(item)) : null;
          return {
            run: run.index,
            id: r.item_id,
            condition: r.condition,
            sample: r.sample ?? null,
            facets: task.facetsOf(item),
            ...o,
            prompt: r.request.prompt,
            response: r.response?.text ?? null,
            reasoning: cut?.thinking.length ? cut.thinking.join('\n⋯\n') : null,
            unclosed: cut?.unclosed ?? false,
            reasoning_content: r.response?.reasoning_content ?? null,
            gold: task.gold(item),
            options: Array.isArray(item.options) ? item.options.map(String) : [],
            error: r.error ? `${r.error.kind}: ${r.error.message}` : null,
            visual: r.request.visual,
            thumbs: thumbs
              ? await thumbs.forRecord(r, datasetRoot)
              : { images: [], note: 'thumbnails not generated (--no-thumbnails)' },
          };
        }),
      ),
    ),
  );
  const key = (r: DrillRow): string =>
    [
      String(r.run).padStart(3, '0'),
      trackRank(r.facets.track ?? ''),
      r.facets.benchmark ?? '',
      r.facets.discipline ?? '',
      r.id,
      r.condition,
      String(r.sample ?? 0).padStart(4, '0'),
    ].join('\0');
  // Natural order, so item_2 precedes item_10.
  return rows.sort((a, b) => key(a).localeCompare(key(b), 'en', { numeric: true }));
}

const OUTCOME_LABEL: Record<Outcome, string> = {
  correct: '✓ correct',
  partial: '◐ partial credit',
  wrong: '✗ wrong',
  unparsed: '? unparsed (counted wrong)',
  error: '⚠ request failed',
};

const show = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/**
 * The drill-down section. Thumbnails are written once each into a JSON table and referenced by
 * number, because the same lecture frames recur across tracks and conditions (a 3–4× saving).
 */
export function renderDrilldown(
  rows: readonly DrillRow[],
  taskFacets: readonly [string, string][],
  runNames: readonly string[],
): string {
  const table = new Map<string, number>();
  const ref = (uri: string): number => {
    let i = table.get(uri);
    if (i === undefined) table.set(uri, (i = table.size));
    return i;
  };
  const facets: [string, string][] = [
    ...(runNames.length > 1 ? [['run', 'Run'] as [string, string]] : []),
    ...taskFacets,
    ['condition', 'Condition'],
    ['outcome', 'Outcome'],
  ];
  const valueOf = (r: DrillRow, f: string): string =>
    f === 'run' ? String(r.run) : f === 'condition' ? r.condition : f === 'outcome' ? r.outcome : (r.facets[f] ?? '');
  const label = (f: string, v: string): string => (f === 'run' ? (runNames[Number(v)] ?? v) : v || '(none)');
  const filters = facets
    .map(([f, name]) => {
      const values = [...new Set(rows.map((r) => valueOf(r, f)))].sort();
      const opts = values.map((v) => `<option value="${esc(v)}">${esc(label(f, v))}</option>`).join('');
      return (
        `<label>${esc(name)} <select data-filter="${esc(f)}"><option value="">all</option>${opts}` + `</select></label>`
      );
    })
    .join(' ');
  const letter = (k: number): string => String.fromCharCode(65 + k);
  const items = rows
    .map((r) => {
      const data = facets.map(([f]) => `data-${f.replace(/_/g, '-')}="${esc(valueOf(r, f))}"`).join(' ');
      const imgs = r.thumbs.images.map((u, k) => `<img alt="frame ${k + 1}" data-thumb="${ref(u)}">`).join('');
      const facetText = Object.values(r.facets).filter(Boolean).map(esc).join(' · ');
      const options = r.options.length
        ? `<p class="options">${r.options.map((o, k) => `<span>${letter(k)}. ${esc(o)}</span>`).join(' ')}</p>`
        : '';
      const runTag = runNames.length > 1 ? ` <span class="runtag">${esc(runNames[r.run] ?? '')}</span>` : '';
      const cut = r.unclosed ? ' (a block never closed)' : '';
      const reasoning =
        r.reasoning || r.unclosed
          ? `<h4>Reasoning cut before parsing${cut}</h4><pre class="reasoning">${esc(r.reasoning ?? '')}</pre>`
          : '';
      const reasoningContent =
        r.reasoning_content !== null
          ? '<h4>reasoning_content (sent apart by the server, not parsed)</h4>' +
            `<pre class="reasoning-content">${esc(r.reasoning_content)}</pre>`
          : '';
      return (
        `<article class="item ${r.outcome}" ${data}>
<header><b class="outcome">${esc(OUTCOME_LABEL[r.outcome])}</b> <code>${esc(r.id)}</code> <span class="cond">` +
        `${esc(r.condition)}</span>` +
        `${r.sample !== null ? ` <span class="sample">sample ${esc(r.sample)}</span>` : ''} <span class="facets">` +
        `${facetText}</span>${runTag}</header>
<div class="thumbs">${imgs}${r.thumbs.note ? `<span class="note">${esc(r.thumbs.note)}</span>` : ''}</div>
<p class="answerline">parsed <code class="parsed">${esc(show(r.parsed))}</code> · gold <code class="gold">` +
        `${esc(show(r.gold))}</code>` +
        `${r.score !== null ? ` · score <span class="score">${esc(Number(r.score.toFixed(3)))}</span>` : ''}</p>
${options}<details><summary>prompt, response${r.reasoning || r.reasoning_content ? ', reasoning' : ''}` +
        `${r.error ? ', error' : ''}</summary>
<h4>Shown</h4><p class="visual">${esc(r.visual)}</p>
<h4>Prompt</h4><pre class="prompt">${esc(r.prompt)}</pre>
<h4>Response</h4><pre class="response">${esc(r.response ?? '(none)')}</pre>${reasoning}${reasoningContent}` +
        `${r.error ? `<h4>Error</h4><pre class="error">${esc(r.error)}</pre>` : ''}
</details></article>`
      );
    })
    .join('\n');
  const thumbJson = scriptJson([...table.keys()]);
  return (
    `<div class="filters">${filters} <span class="count"><b id="shown">${rows.length}</b> of ${rows.length} ` +
    `shown</span></div>
<div id="items">${items}</div>
<script type="application/json" id="thumbs">${thumbJson}</script>`
  );
}

/**
 * The page script for the drill-down: fills thumbnails from the table and applies the filters.
 * Plain DOM, no framework; every selector is built from attribute names, never from data.
 */
export const DRILLDOWN_SCRIPT =
  `
(function () {
  var table = JSON.parse(document.getElementById('thumbs').textContent || '[]');
  document.querySelectorAll('img[data-thumb]').forEach(function (img) { img.src = ` +
  `table[Number(img.getAttribute('data-thumb'))]; });
  var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-filter]'));
  var items = Array.prototype.slice.call(document.querySelectorAll('#items > article'));
  function apply() {
    var shown = 0;
    items.forEach(function (el) {
      var ok = selects.every(function (s) {
        return !s.value || el.getAttribute('data-' + s.getAttribute('data-filter').replace(/_/g, '-')) === s.value;
      });
      el.hidden = !ok;
      if (ok) shown++;
    });
    document.getElementById('shown').textContent = String(shown);
  }
  selects.forEach(function (s) { s.addEventListener('change', apply); });
  apply();
})();
`;
