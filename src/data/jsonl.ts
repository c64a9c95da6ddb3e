import { DataError } from '../core/errors.js';

/** One parsed row and where it came from (1-based line number for JSONL, index for JSON). */
export interface RawRow {
  row: number;
  value: unknown;
}

/** Parse JSONL; a bad line becomes a DataError naming file and line, and the rest still loads. */
export function readJsonlRows(file: string, text: string, errors: DataError[]): RawRow[] {
  const rows: RawRow[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      rows.push({ row: i + 1, value: JSON.parse(line) });
    } catch (e) {
      errors.push(new DataError(file, i + 1, null, `invalid JSON line: ${(e as Error).message}`));
    }
  });
  return rows;
}
