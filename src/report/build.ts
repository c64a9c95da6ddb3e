/**
 * `vreason report`: load runs, compare them, regenerate thumbnails, and produce the HTML page and
 * the Markdown tables. The only module here that touches the disk for output.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { writeTextAtomic } from '../core/atomicWrite.js';
import { compareRuns, renderComparisonMarkdown, type Comparison } from './compare.js';
import { drillRows } from './drilldown.js';
import { renderReportHtml, type PageOptions } from './html.js';
import { loadRun, tasksOf, type LoadedRun } from './runData.js';
import { groupMarkdown } from '../tasks/group.js';
import { ThumbnailMaker } from './thumbnails.js';

export interface ReportOptions {
  /** Regenerate frame thumbnails from the videos (default true). */
  thumbnails?: boolean;
  thumbWidth?: number;
  /** Where the dataset is now, if it moved since the runs were made. */
  dataRoot?: string;
  /** See LoadOptions.prefer: the CLI reports results.json as written; the dashboard the newest numbers. */
  prefer?: 'results' | 'newest';
  /** Display names of the runs (default: folder names, made unique). */
  names?: string[];
  page?: PageOptions;
  /** Seed of the comparison bootstrap (default: the first run's seed). */
  seed?: number;
}

export interface BuiltReport {
  html: string;
  markdown: string;
  runs: LoadedRun[];
  comparison: Comparison | null;
}

/** Folder names, with the parent folder prepended where two runs share a name (a/run vs b/run). */
export function runNames(dirs: readonly string[]): string[] {
  const abs = dirs.map((d) => resolve(d));
  const base = abs.map((d) => d.split(/[\\/]/).filter(Boolean).slice(-1).join('/'));
  return abs.map((d, i) =>
    base.filter((b) => b === base[i]).length > 1
      ? d.split(/[\\/]/).filter(Boolean).slice(-2).join('/')
      : (base[i] as string),
  );
}

export function loadRuns(dirs: readonly string[], opts: Pick<ReportOptions, 'prefer' | 'names'> = {}): LoadedRun[] {
  if (dirs.length === 0) throw new UsageError('report needs at least one run directory');
  const names = opts.names ?? runNames(dirs);
  return dirs.map((d, i) => loadRun(d, { name: names[i], index: i, prefer: opts.prefer ?? 'results' }));
}

/** Markdown: each run's own tables (as results.md), then the comparison when there are several runs. */
export function reportMarkdown(runs: readonly LoadedRun[], comparison: Comparison | null): string {
  const parts = runs.map((r) =>
    (r.kind === 'task'
      ? r.task.markdown(r.results)
      : groupMarkdown(r.results, new Map(tasksOf(r).map((t) => [t.name, t])))
    ).replace(/^# /, `# ${r.name}: `),
  );
  if (comparison) parts.push(renderComparisonMarkdown(comparison));
  return parts.join('\n');
}

export async function buildReport(dirs: readonly string[], opts: ReportOptions = {}): Promise<BuiltReport> {
  const runs = loadRuns(dirs, opts);
  const seed =
    opts.seed ?? Number((runs[0]?.kind === 'task' ? runs[0].config.seed : runs[0]?.results.manifest.seed) ?? 0);
  const comparison = compareRuns(runs, seed);
  const thumbs =
    opts.thumbnails === false ? null : new ThumbnailMaker({ width: opts.thumbWidth, dataRoot: opts.dataRoot });
  const rows = await drillRows(runs, thumbs);
  const markdown = reportMarkdown(runs, comparison);
  const html = renderReportHtml({ runs, comparison, rows, markdown, generated: new Date().toISOString() }, opts.page);
  return { html, markdown, runs, comparison };
}

/** The HTML file and, beside it, the Markdown (`report.html` → `report.md`). */
export async function writeReport(
  dirs: readonly string[],
  output: string,
  opts: ReportOptions = {},
): Promise<BuiltReport & { htmlPath: string; markdownPath: string }> {
  const built = await buildReport(dirs, opts);
  const htmlPath = resolve(output);
  const markdownPath = htmlPath.replace(/\.html?$/i, '') + '.md';
  mkdirSync(dirname(htmlPath), { recursive: true });
  writeTextAtomic(htmlPath, built.html);
  writeTextAtomic(markdownPath, built.markdown);
  return { ...built, htmlPath, markdownPath };
}
