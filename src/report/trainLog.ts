/**
 * The training log a run directory may hold: `train.jsonl`, one JSON object per line with an
 * integer `step` and any numeric fields (reward components, KL, completion length, loss …).
 * Nested objects are flattened with dots (`{"reward":{"format":1}}` → `reward.format`); strings,
 * booleans and nulls are ignored. A line that is not such an object is skipped and counted, so a
 * log being written (a torn last line) still plots.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TrainPoint {
  step: number;
  values: Record<string, number>;
}

export interface TrainLog {
  /** Every numeric field seen, in first-seen order. */
  fields: string[];
  points: TrainPoint[];
  skipped: number;
}

export function parseTrainLog(text: string): TrainLog {
  const points: TrainPoint[] = [];
  const fields = new Set<string>();
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const step = (obj as { step?: unknown } | null)?.step;
    if (
      typeof obj !== 'object' ||
      obj === null ||
      Array.isArray(obj) ||
      typeof step !== 'number' ||
      !Number.isFinite(step)
    ) {
      skipped++;
      continue;
    }
    const values: Record<string, number> = {};
    flatten(obj as Record<string, unknown>, '', values);
    delete values.step;
    for (const k of Object.keys(values)) fields.add(k);
    points.push({ step, values });
  }
  points.sort((a, b) => a.step - b.step);
  return { fields: [...fields], points, skipped };
}

function flatten(obj: Record<string, unknown>, prefix: string, out: Record<string, number>): void {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix + k;
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
    else if (typeof v === 'object' && v !== null && !Array.isArray(v))
      flatten(v as Record<string, unknown>, `${key}.`, out);
  }
}

/** `<dir>/train.jsonl` parsed, or null when the run has no training log. */
export function readTrainLog(dir: string, file = 'train.jsonl'): TrainLog | null {
  const p = join(dir, file);
  if (!existsSync(p)) return null;
  const log = parseTrainLog(readFileSync(p, 'utf8'));
  return log.points.length ? log : null;
}

/**
 * Fields that belong on one chart: those sharing a prefix before the first `.` or `/`
 * (`reward.accuracy`, `reward.format` → "reward"); any other field gets a chart of its own.
 */
export function chartGroups(fields: readonly string[]): { title: string; fields: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const f of fields) {
    const m = /^([^./]+)[./]/.exec(f);
    const title = m ? (m[1] as string) : f;
    groups.set(title, [...(groups.get(title) ?? []), f]);
  }
  return [...groups].map(([title, fs]) => ({ title, fields: fs }));
}
