import { DISCIPLINES, TRACKS } from '../../core/types.js';
import { accountMarkdown } from '../account.js';
import type { Results } from './results.js';
import type { AccuracyStat } from '../../metrics/accuracy.js';
import { clusteredMarkdown, stabilityMarkdown } from '../uncertainty.js';

const pct = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)}`;
const ci = (s: AccuracyStat | undefined): string => (s?.ci95 ? ` [${pct(s.ci95[0])}, ${pct(s.ci95[1])}]` : '');
const cell = (s: AccuracyStat | undefined): string => (s && s.n ? `${pct(s.accuracy)}${ci(s)}` : '–');

/** A Markdown summary laid out like the Video-MMMU paper's main table, plus Δknowledge and counts. */
export function renderMarkdown(r: Results): string {
  const model = (r.manifest.model as { name?: string } | undefined)?.name ?? 'model';
  const lines: string[] = [];
  lines.push(`# Video-MMMU results — ${model}`, '');
  lines.push('Accuracy in % with 95% bootstrap CIs; Δknowledge in % as the paper defines it.', '');
  const head = ['Model', 'Overall', ...TRACKS, 'Δknowledge'];
  lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  const dk = r.delta_knowledge;
  const dkCell =
    dk.value === null
      ? '–'
      : `${dk.value >= 0 ? '+' : ''}${dk.value.toFixed(1)}` +
        `${dk.ci95 ? ` [${dk.ci95[0].toFixed(1)}, ${dk.ci95[1].toFixed(1)}]` : ''}`;
  lines.push(`| ${model} | ${cell(r.overall)} | ${TRACKS.map((t) => cell(r.tracks[t])).join(' | ')} | ${dkCell} |`);
  lines.push(
    `| Random choice | ${pct(r.baselines.random)} | ` +
      `${TRACKS.map((t) => pct(r.baselines.by_track[t]?.random)).join(' | ')} | |`,
  );
  lines.push(
    `| Frequent choice | ${pct(r.baselines.frequent)} | ` +
      `${TRACKS.map((t) => pct(r.baselines.by_track[t]?.frequent)).join(' | ')} | |`,
    '',
  );

  lines.push('## By discipline', '', `| ${DISCIPLINES.join(' | ')} |`, `|${DISCIPLINES.map(() => '---').join('|')}|`);
  lines.push(`| ${DISCIPLINES.map((d) => cell(r.disciplines[d])).join(' | ')} |`, '');
  lines.push(`n per discipline: ${DISCIPLINES.map((d) => `${d} ${r.disciplines[d]?.n ?? 0}`).join(', ')}`, '');

  lines.push('## Δknowledge (Adaptation, without → with the video)', '');
  lines.push(`| n | Acc before | Acc after | Δknowledge | wrong→right | right→wrong |`, '|---|---|---|---|---|---|');
  lines.push(
    `| ${dk.n} | ${pct(dk.acc_before)} | ${pct(dk.acc_after)} | ${dkCell} | ${pct(dk.wrong_to_right)} (` +
      `${dk.transitions.wrong_to_right}) | ${pct(dk.right_to_wrong)} (${dk.transitions.right_to_wrong}) |`,
    '',
  );

  const c = r.clustered;
  if (c) {
    lines.push(
      ...clusteredMarkdown('## Uncertainty with questions clustered by video', 'video', [
        { label: 'Overall', mean: r.overall.accuracy, ci95: r.overall.ci95, clustered: c.overall },
        ...TRACKS.map((t) => ({
          label: t,
          mean: r.tracks[t]?.accuracy ?? null,
          ci95: r.tracks[t]?.ci95 ?? null,
          clustered: c.tracks[t],
        })),
      ]),
    );
    const d = c.delta_knowledge;
    if (dk.value !== null && d.cluster_ci95)
      lines.push(
        `Δknowledge ${dkCell}: clustered by video (${d.clusters}) [${d.cluster_ci95[0].toFixed(1)}, ` +
          `${d.cluster_ci95[1].toFixed(1)}], bootstrap SE ${d.cluster_se === null ? '–' : d.cluster_se.toFixed(1)}.`,
        '',
      );
  }
  const st = r.stability;
  if (st)
    lines.push(
      ...stabilityMarkdown('## Stability (with the video)', st.samples, [
        { label: 'Overall', s: st.overall },
        ...TRACKS.map((t) => ({ label: t, s: st.tracks[t] })),
      ]),
    );

  lines.push('## Counts', '');
  lines.push(
    `- requests planned ${r.counts.planned}, answered ${r.counts.answered}, errored ${r.counts.errored}, not yet ` +
      `asked ${r.counts.missing}`,
  );
  lines.push(
    `- unparsable answers (counted wrong): ${r.unparsed} (with video ${r.unparsed_by_condition.after}, without ` +
      `${r.unparsed_by_condition.before})`,
  );
  lines.push(
    `- question types: ${
      Object.entries(r.question_types)
        .map(([k, v]) => `${k} ${cell(v)} (n=${v.n})`)
        .join(', ') || '–'
    }`,
  );
  const parser = r.manifest.parser;
  if (typeof parser === 'string') {
    const tags = Array.isArray(r.manifest.reasoning_tags) ? (r.manifest.reasoning_tags as string[][]) : [];
    const rs = r.reasoning;
    lines.push(
      `- parser: ${parser}; reasoning blocks cut before parsing: ` +
        `${tags.length ? tags.map((t) => t[0]).join(' ') : 'none'}` +
        (rs ? ` (${rs.stripped} answers had one, ${rs.unclosed} never closed` : '') +
        (rs
          ? `${rs.unclosed ? `: ${r.manifest.unclosed_thinking === 'keep' ? 'parsed as is' : 'unparsed'}` : ''}`
          : '') +
        (rs ? `; ${rs.reasoning_content} sent reasoning_content apart)` : ''),
    );
  }
  if (r.skipped_rows.length)
    lines.push(`- dataset rows skipped as invalid: ${r.skipped_rows.length} (listed in results.json)`);
  if (r.errors.length)
    lines.push(`- failed requests: ${r.errors.length} (listed in results.json; re-run the same command to retry them)`);
  lines.push('', ...accountMarkdown(r));
  return lines.join('\n');
}
