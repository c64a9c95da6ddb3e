/**
 * Offline re-scoring of saved Video-MMMU answers (`vreason score --task videommmu`): vreason's own
 * records.jsonl, or lmms-eval's `--log_samples` files (`<date>_samples_video_mmmu_<track>.jsonl`).
 *
 * An lmms-eval sample line (lmms_eval/evaluator.py + loggers/evaluation_tracker.py at 75571cfe)
 * carries `doc_id`, `target` (str(answer)), `input` (the prompt), `filtered_resps` (the answer
 * after reasoning tags were stripped), `resps` (the raw answer; only written when it differs),
 * and the metric `mmmu_acc` = {id, subdomain, question_type, answer, parsed_pred}. The document
 * itself is not logged, so the options are read back from the prompt's `A. …` lines, and the
 * track from the file name (or `--track`). The raw answer is re-scored, so any parser and
 * reasoning setting can be applied; lmms-eval's own `parsed_pred` is compared as a check.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataError } from '../../core/errors.js';
import { TRACKS, type Track } from '../../core/types.js';
import type { StoredRecord } from '../record.js';
import { stabilityMarkdown } from '../uncertainty.js';
import { computeResults, type Results } from './results.js';
import type { ScoringConfig } from './scoring.js';
import { disciplineOf, subjectOfId } from './subjects.js';
import { scoreVideoMMMUDetailed, VIDEOMMMU } from './task.js';

export type AnswerFormat = 'vreason' | 'lmms-eval';

export interface LoadedAnswers {
  records: StoredRecord[];
  formats: AnswerFormat[];
  /** lmms-eval's own parsed_pred per record key (lmms-eval logs only). */
  referenceParsed: Map<string, unknown>;
  bad: { file: string; line: number; message: string }[];
}

const TRACK_OF_TASK: Record<string, { track: Track; condition: 'after' | 'before' }> = {
  video_mmmu_perception: { track: 'Perception', condition: 'after' },
  video_mmmu_comprehension: { track: 'Comprehension', condition: 'after' },
  video_mmmu_adaptation: { track: 'Adaptation', condition: 'after' },
  video_mmmu_adaptation_question_only: { track: 'Adaptation', condition: 'before' },
};

/** The lmms-eval task a samples file belongs to, from its name (`…_samples_<task>.jsonl`). */
export function taskOfSamplesFile(file: string): { track: Track; condition: 'after' | 'before' } | undefined {
  const m = /samples_(video_mmmu_[a-z_]+?)\.jsonl$/.exec(basename(file));
  return m ? TRACK_OF_TASK[m[1] as string] : undefined;
}

/** The options of a prompt: its last run of lines `A. …`, `B. …`, … in order. */
export function optionsFromPrompt(prompt: string): string[] {
  const lines = prompt.split('\n');
  let best: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!(lines[i] as string).startsWith('A. ')) continue;
    const run: string[] = [];
    for (let j = i; j < lines.length; j++) {
      const want = `${String.fromCodePoint(0x41 + run.length)}. `;
      const line = lines[j] as string;
      if (!line.startsWith(want)) break;
      run.push(line.slice(want.length));
    }
    if (run.length >= 1) best = run;
  }
  return best;
}

/** The files a path stands for: a run folder's records.jsonl, a folder of lmms-eval samples, or the file. */
export function answerFiles(path: string): string[] {
  if (!existsSync(path)) throw new DataError(path, null, null, 'no such file or folder');
  if (!statSync(path).isDirectory()) return [path];
  if (existsSync(join(path, 'records.jsonl'))) return [join(path, 'records.jsonl')];
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/samples_video_mmmu_[a-z_]+\.jsonl$/.test(e.name)) found.push(p);
    }
  };
  walk(path);
  if (found.length === 0)
    throw new DataError(path, null, null, 'no records.jsonl and no lmms-eval *_samples_video_mmmu_*.jsonl');
  return found.sort();
}

const first = (v: unknown): unknown => {
  let x = v;
  while (Array.isArray(x)) x = x[0];
  return x;
};

function fromLmmsEval(
  o: Record<string, unknown>,
  where: { track: Track; condition: 'after' | 'before' },
): { record: StoredRecord; parsed: unknown } {
  const m = o.mmmu_acc as Record<string, unknown> | undefined;
  if (!m || typeof m !== 'object') throw new Error('no mmmu_acc metric (is this a Video-MMMU samples file?)');
  const raw = first(o.resps ?? o.filtered_resps);
  if (typeof raw !== 'string') throw new Error('no string response in resps / filtered_resps');
  const id = typeof m.id === 'string' ? m.id : String(o.doc_id);
  const qt = m.question_type === 'multiple-choice' ? 'multiple-choice' : 'open';
  const prompt = typeof o.input === 'string' ? o.input : '';
  const subject = typeof m.subdomain === 'string' ? m.subdomain : (subjectOfId(id) ?? '');
  const answer = Array.isArray(m.answer) ? m.answer.map(String) : String(m.answer ?? o.target ?? '');
  const item = {
    track: where.track,
    subject,
    discipline: disciplineOf(subject) ?? '',
    question_type: qt,
    options: qt === 'multiple-choice' ? optionsFromPrompt(prompt) : [],
    answer,
  };
  const record: StoredRecord = {
    key: `lmms-eval:${where.track}:${where.condition}:${id}`,
    task: VIDEOMMMU,
    item_id: id,
    condition: where.condition,
    status: 'ok',
    item,
    request: { prompt, visual: '', frames: null },
    response: { text: raw, finish_reason: null, attempts: 1, latency_ms: 0, usage: null },
    parsed: null,
    score: null,
    correct: null,
    unparsed: null,
    error: null,
    time: '',
  };
  return { record, parsed: m.parsed_pred };
}

/** Read saved answers of either kind; bad lines are reported, not fatal. */
export function loadAnswers(paths: readonly string[], opts: { track?: Track } = {}): LoadedAnswers {
  const out: LoadedAnswers = { records: [], formats: [], referenceParsed: new Map(), bad: [] };
  const latest = new Map<string, StoredRecord>();
  for (const file of paths.flatMap(answerFiles)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const bad = (message: string): void => void out.bad.push({ file, line: i + 1, message });
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return bad('not JSON');
      }
      if (typeof o.key === 'string' && o.item && typeof o.item === 'object' && 'status' in o) {
        if (!out.formats.includes('vreason')) out.formats.push('vreason');
        latest.set(o.key, o as unknown as StoredRecord);
        return;
      }
      if ('doc_id' in o && ('filtered_resps' in o || 'resps' in o)) {
        if (!out.formats.includes('lmms-eval')) out.formats.push('lmms-eval');
        const where = opts.track
          ? { track: opts.track, condition: 'after' as const }
          : (taskOfSamplesFile(file) ?? null);
        if (!where) return bad(`cannot tell the track from the file name ${basename(file)}: pass --track`);
        try {
          const { record, parsed } = fromLmmsEval(o, where);
          latest.set(record.key, record);
          out.referenceParsed.set(record.key, parsed);
        } catch (e) {
          bad((e as Error).message);
        }
        return;
      }
      bad('neither a vreason record (key, item, status) nor an lmms-eval sample (doc_id, filtered_resps)');
    });
  }
  out.records = [...latest.values()].filter((r) => r.task === VIDEOMMMU || r.key.startsWith('lmms-eval:'));
  return out;
}

const keyOf = (v: unknown): string =>
  typeof v === 'number' ? `f:${Object.is(v, -0) ? 0 : v}` : typeof v === 'string' ? `s:${v}` : `?:${String(v)}`;

/** Does our parse equal lmms-eval's parsed_pred ("No Answer Found." / "API Error" = null)? */
export function sameParse(ours: unknown, ref: unknown): boolean {
  if (ref === 'No Answer Found.' || ref === 'API Error') return ours === null;
  if (typeof ref === 'string') return ours === ref;
  if (Array.isArray(ref) && Array.isArray(ours)) {
    const a = [...new Set(ours.map(keyOf))].sort();
    const b = [...new Set(ref.map(keyOf))].sort();
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return false;
}

export interface RescoreOutcome {
  results: Results;
  formats: AnswerFormat[];
  /** lmms-eval logs: how many of our parses equal the log's own parsed_pred. */
  agreement: { compared: number; same: number; examples: { id: string; ours: unknown; theirs: unknown }[] } | null;
  /** Unparsed answers per track, with the video. */
  unparsed_by_track: Record<string, number>;
  bad: LoadedAnswers['bad'];
}

export function rescore(paths: readonly string[], scoring: ScoringConfig, opts: { track?: Track; seed?: number } = {}) {
  const loaded = loadAnswers(paths, opts);
  const results = computeResults(loaded.records, {
    task: VIDEOMMMU,
    scoring,
    seed: opts.seed ?? 0,
    manifest: { rescored: true, ...scoring, inputs: [...paths] },
  });
  const unparsedByTrack: Record<string, number> = {};
  for (const r of loaded.records) {
    if (r.status !== 'ok' || !r.response || r.condition !== 'after') continue;
    const t = String(r.item.track);
    const u = scoreVideoMMMUDetailed(r.item, r.response.text, scoring).unparsed;
    unparsedByTrack[t] = (unparsedByTrack[t] ?? 0) + (u ? 1 : 0);
  }
  let agreement: RescoreOutcome['agreement'] = null;
  if (loaded.referenceParsed.size) {
    agreement = { compared: 0, same: 0, examples: [] };
    for (const r of loaded.records) {
      if (!loaded.referenceParsed.has(r.key)) continue;
      const ours = scoreVideoMMMUDetailed(r.item, r.response?.text ?? '', scoring).parsed;
      const theirs = loaded.referenceParsed.get(r.key);
      agreement.compared++;
      if (sameParse(ours, theirs)) agreement.same++;
      else if (agreement.examples.length < 10) agreement.examples.push({ id: r.item_id, ours, theirs });
    }
  }
  return {
    results,
    formats: loaded.formats,
    agreement,
    unparsed_by_track: unparsedByTrack,
    bad: loaded.bad,
  } satisfies RescoreOutcome;
}

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : (x * 100).toFixed(1));

/** The per-track table `vreason score --task videommmu` prints. */
export function formatRescore(o: RescoreOutcome, scoring: ScoringConfig): string {
  const r = o.results;
  const tags = scoring.reasoning_tags.length ? scoring.reasoning_tags.map((t) => t[0]).join(' ') : 'none';
  const lines = [
    `Video-MMMU rescored from ${o.formats.join(' + ') || 'nothing'}: parser ${scoring.parser}, reasoning tags ` +
      `${tags}, unclosed → ${scoring.unclosed_thinking}`,
    '',
    '| Track | n | Accuracy % | 95% CI | unparsed |',
    '|---|---|---|---|---|',
  ];
  const row = (
    label: string,
    s: { n: number; accuracy: number | null; ci95: [number, number] | null } | undefined,
    u: number | string,
  ) =>
    lines.push(
      `| ${label} | ${s?.n ?? 0} | ${pct(s?.accuracy)} | ` +
        `${s?.ci95 ? `${pct(s.ci95[0])}–${pct(s.ci95[1])}` : '–'} | ${u} |`,
    );
  const after = r.unparsed_by_condition.after;
  row('Overall', r.overall, after);
  for (const t of TRACKS) if (r.tracks[t]?.n) row(t, r.tracks[t], o.unparsed_by_track[t] ?? 0);
  if (r.before) row('Adaptation (no video)', r.before, r.unparsed_by_condition.before);
  const dk = r.delta_knowledge.value;
  lines.push('', `Δknowledge: ${dk === null ? '–' : `${dk.toFixed(1)}%`} (n=${r.delta_knowledge.n})`);
  lines.push(
    `reasoning: ${r.reasoning.stripped} answers had a block cut, ${r.reasoning.unclosed} never closed, ` +
      `${r.reasoning.reasoning_content} with reasoning_content`,
  );
  const st = r.stability;
  if (st)
    lines.push(
      '',
      `n counts answers: ${st.samples} samples per question (sampled records, \`--samples\`)`,
      '',
      ...stabilityMarkdown('Stability (with the video)', st.samples, [
        { label: 'Overall', s: st.overall },
        ...TRACKS.map((t) => ({ label: t, s: st.tracks[t] })),
      ]),
    );
  if (o.agreement) {
    const a = o.agreement;
    lines.push(`agreement with the log's own parsed_pred: ${a.same} of ${a.compared}`);
    if (a.same < a.compared && r.reasoning.unclosed && scoring.unclosed_thinking === 'unparsed')
      lines.push(
        '  (an answer whose reasoning never closed is unparsed here, parsed as is by lmms-eval: --unclosed keep)',
      );
    for (const e of a.examples.slice(0, 5))
      lines.push(`  ${e.id}: ours ${JSON.stringify(e.ours)}, lmms-eval ${JSON.stringify(e.theirs)}`);
  }
  if (o.bad.length) lines.push(`skipped ${o.bad.length} bad line(s)`);
  return lines.join('\n');
}
