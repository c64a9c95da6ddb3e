/**
 * What a run could not do, said where people look: skipped dataset rows, failed requests and
 * videos sent short, as counts with their first reasons, for the terminal and for results.md.
 */
import type { RunAccount, RunError, SkippedRow } from './record.js';
import type { PlannedDataset } from './types.js';
import { VIDEOMMMU } from './videommmu/task.js';

const FIRST = 3;

const rowRef = (s: SkippedRow): string => s.message;

/**
 * Reasons grouped by their text with the item ids dropped, most frequent first: "3× connection failed: ECONNREFUSED".
 */
export function topReasons(messages: readonly string[], max = FIRST): string[] {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([m, n]) => (n > 1 ? `${n}× ${m}` : m));
}

const errorText = (e: RunError): string => `${e.kind}: ${e.message}`;

/** Lines for the terminal after a run: nothing when nothing went wrong. */
export function accountSummary(r: RunAccount, label: string): string[] {
  const out: string[] = [];
  if (r.skipped_rows.length) {
    out.push(`${label}: ${r.skipped_rows.length} dataset row(s) skipped as invalid, e.g.`);
    for (const s of r.skipped_rows.slice(0, FIRST)) out.push(`  ${rowRef(s)}`);
  }
  if (r.errors.length) {
    out.push(`${label}: ${r.errors.length} request(s) failed (re-run the same command to retry them):`);
    for (const m of topReasons(r.errors.map(errorText))) out.push(`  ${m}`);
  }
  if (r.short_videos.length) {
    out.push(
      `${label}: ${r.short_videos.length} request(s) sent with fewer frames than planned (--allow-short-videos):`,
    );
    for (const s of r.short_videos.slice(0, FIRST))
      out.push(`  ${s.item_id} (${s.condition}): ${s.decoded} of ${s.planned} frames: ${s.reason}`);
  }
  return out;
}

/** The same facts as a Markdown section for results.md (empty when there is nothing to say). */
export function accountMarkdown(r: RunAccount, heading = '## Data and request problems'): string[] {
  const lines = accountSummary(r, 'this run').map((l) => (l.startsWith('  ') ? `  - ${l.trim()}` : `- ${l}`));
  return lines.length ? [heading, '', ...lines, ''] : [];
}

/** Why a plan has nothing to ask, naming where the task looked and what it found there. */
export function emptyPlanMessage(task: string, d: PlannedDataset, _opts: { limit?: number }): string {
  const files = d.files.length
    ? `read ${d.files.map((f) => `${f.path} (${f.rows} rows)`).join(', ')}`
    : 'found no index file there';
  const bad = d.errors.length ? `; ${d.errors.length} row(s) invalid, first: ${d.errors[0]!.message}` : '';
  const hint =
    task === VIDEOMMMU
      ? ' (expected <Track>/*.parquet, <Track>.jsonl|json or <track>_video.json for Perception, ' +
        'Comprehension, Adaptation)'
      : '';
  return `${task}: nothing to evaluate in ${d.root}: ${files}, ${d.items} valid item(s)${bad}${hint}`;
}
