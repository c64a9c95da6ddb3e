/**
 * Offline scoring of model outputs (`vreason score`): a JSONL of records, a JSON array of them,
 * or Video-R1's eval_bench output `{"results": [...]}`. Each record carries `problem_type`,
 * `solution` and the model text in `output` (eval_bench's key), `response` or `completion`.
 *
 * Two modes:
 * - eval (default): eval_bench.py's `reward_fn`: the whole output stands in for a missing
 *   answer, regression is scored by mean relative accuracy, OCR and free-form score 0;
 * - train: grpo.py's `accuracy_reward`: 1 − WER for OCR, ROUGE for free-form, the relative-error
 *   reward for regression.
 * A bad record is reported with where it is and which field, and skipped; it never stops the run.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { DataError } from '../core/errors.js';
import {
  PROBLEM_TYPES,
  accuracyReward,
  evalReward,
  extractAnswer,
  extractAnswerOrText,
  formatReward,
  type ProblemType,
} from './index.js';
import { ProblemTypeSchema, SolutionSchema, formatPath } from './requests.js';

export type ScoreMode = 'eval' | 'train';
export const SCORE_MODES: readonly ScoreMode[] = ['eval', 'train'];

/** Where the model text may live, in order of preference. */
const TEXT_FIELDS = ['output', 'response', 'completion'] as const;

export interface BadRecord {
  /** "line 3" (JSONL) or "results[2]" / "[2]" (JSON). */
  at: string;
  field: string | null;
  message: string;
}

export interface ScoredRecord {
  at: string;
  problemType: ProblemType;
  accuracy: number;
  format: number;
  /** The prediction the accuracy judged (eval mode: the whole output when there is no answer). */
  answer: string;
  record: Record<string, unknown>;
}

export interface MeanStats {
  n: number;
  /** Mean accuracy; null when n = 0. */
  accuracy: number | null;
  /** Share of responses with Video-R1's `<think>…</think><answer>…</answer>` format; null when n = 0. */
  format_rate: number | null;
}

export interface ScoreSummary {
  mode: ScoreMode;
  overall: MeanStats;
  /** eval_bench's `mean_acc`: every type but regression. */
  mean_acc: MeanStats;
  /** eval_bench's `mean_mra`: regression only. */
  mean_mra: MeanStats;
  by_problem_type: Partial<Record<ProblemType, MeanStats>>;
  bad: BadRecord[];
}

/** One record of the input in file order: its JSON value, or why its line did not parse. */
export type RawRecord = { at: string; ok: true; value: unknown } | { at: string; ok: false; message: string };

function tryJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: `invalid JSON: ${(e as Error).message}` };
  }
}

/** The records of a file: a whole-file JSON array or `{"results": [...]}`, otherwise JSONL (blank lines skipped). */
export function parseRecords(text: string): RawRecord[] {
  const whole = tryJson(text);
  if (whole.ok && Array.isArray(whole.value)) return whole.value.map((value, i) => ({ at: `[${i}]`, ok: true, value }));
  const results =
    whole.ok && typeof whole.value === 'object' && whole.value !== null
      ? (whole.value as { results?: unknown }).results
      : undefined;
  if (Array.isArray(results)) return results.map((value, i) => ({ at: `results[${i}]`, ok: true, value }));
  return text.split('\n').flatMap((line, i) => (line.trim() === '' ? [] : [{ at: `line ${i + 1}`, ...tryJson(line) }]));
}

const RecordSchema = z.looseObject(
  { problem_type: ProblemTypeSchema, solution: SolutionSchema },
  { error: 'expected a JSON object' },
);

/** The model text and the key it came from, or the reason there is none. */
function modelText(
  record: Record<string, unknown>,
): { ok: true; text: string } | { ok: false; field: string; message: string } {
  const field = TEXT_FIELDS.find((k) => record[k] !== undefined);
  if (field === undefined)
    return { ok: false, field: 'output', message: `required: the model text in ${TEXT_FIELDS.join(', ')}` };
  const text = record[field];
  return typeof text === 'string'
    ? { ok: true, text }
    : { ok: false, field, message: 'expected the model text as a string' };
}

export function scoreRecord(
  raw: RawRecord,
  mode: ScoreMode,
): { ok: true; scored: ScoredRecord } | { ok: false; bad: BadRecord } {
  if (!raw.ok) return { ok: false, bad: { at: raw.at, field: null, message: raw.message } };
  const parsed = RecordSchema.safeParse(raw.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      bad: { at: raw.at, field: issue ? formatPath(issue.path) : null, message: issue?.message ?? 'invalid record' },
    };
  }
  const record = raw.value as Record<string, unknown>;
  const text = modelText(record);
  if (!text.ok) return { ok: false, bad: { at: raw.at, field: text.field, message: text.message } };
  const { problem_type: problemType, solution } = parsed.data;
  const accuracy =
    mode === 'eval' ? evalReward(text.text, solution, problemType) : accuracyReward(text.text, solution, problemType);
  const answer = mode === 'eval' ? extractAnswerOrText(text.text) : extractAnswer(text.text);
  return { ok: true, scored: { at: raw.at, problemType, accuracy, format: formatReward(text.text), answer, record } };
}

export function meanStats(scored: readonly ScoredRecord[]): MeanStats {
  const n = scored.length;
  if (n === 0) return { n, accuracy: null, format_rate: null };
  let acc = 0;
  let fmt = 0;
  for (const s of scored) {
    acc += s.accuracy;
    fmt += s.format;
  }
  return { n, accuracy: acc / n, format_rate: fmt / n };
}

export function summarize(scored: readonly ScoredRecord[], bad: readonly BadRecord[], mode: ScoreMode): ScoreSummary {
  const byType: Partial<Record<ProblemType, MeanStats>> = {};
  for (const type of PROBLEM_TYPES) {
    const of = scored.filter((s) => s.problemType === type);
    if (of.length > 0) byType[type] = meanStats(of);
  }
  return {
    mode,
    overall: meanStats(scored),
    mean_acc: meanStats(scored.filter((s) => s.problemType !== 'regression')),
    mean_mra: meanStats(scored.filter((s) => s.problemType === 'regression')),
    by_problem_type: byType,
    bad: [...bad],
  };
}

/** The input record with a `scored` field added (its own fields are left untouched). */
export function scoredLine(s: ScoredRecord, mode: ScoreMode): string {
  return JSON.stringify({ ...s.record, scored: { mode, accuracy: s.accuracy, format: s.format, answer: s.answer } });
}

const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(2)}%`);

export function formatSummary(s: ScoreSummary): string {
  const rows: [string, MeanStats][] = [...Object.entries(s.by_problem_type), ['overall', s.overall]];
  const width = Math.max(...rows.map(([name]) => name.length), 'problem type'.length);
  const line = (a: string, b: string, c: string, d: string): string =>
    `${a.padEnd(width)}  ${b.padStart(6)}  ${c.padStart(9)}  ${d.padStart(8)}`;
  const out = [
    `mode: ${s.mode}`,
    line('problem type', 'n', 'accuracy', 'format'),
    ...rows.map(([name, m]) => line(name, String(m.n), pct(m.accuracy), pct(m.format_rate))),
  ];
  out.push(
    `mean_acc (non-regression) ${pct(s.mean_acc.accuracy)} (n=${s.mean_acc.n}), mean_mra (regression) ` +
      `${pct(s.mean_mra.accuracy)} (n=${s.mean_mra.n})`,
  );
  if (s.bad.length > 0) out.push(`${s.bad.length} bad record(s) skipped`);
  return out.join('\n');
}

export function describeBad(file: string, b: BadRecord): string {
  return `${file}: ${b.at}${b.field ? `: field '${b.field}'` : ''}: ${b.message}`;
}

/** Score `input`; with `output`, write the scored records there as JSONL. */
export async function scoreFile(input: string, opts: { mode: ScoreMode; output?: string }): Promise<ScoreSummary> {
  let text: string;
  try {
    text = await readFile(input, 'utf8');
  } catch (e) {
    throw new DataError(
      input,
      null,
      null,
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message,
    );
  }
  const scored: ScoredRecord[] = [];
  const bad: BadRecord[] = [];
  for (const raw of parseRecords(text)) {
    const r = scoreRecord(raw, opts.mode);
    if (r.ok) scored.push(r.scored);
    else bad.push(r.bad);
  }
  if (opts.output !== undefined)
    await writeFile(opts.output, scored.map((s) => `${scoredLine(s, opts.mode)}\n`).join(''));
  return summarize(scored, bad, opts.mode);
}
