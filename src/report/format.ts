/**
 * Text that goes into the report's HTML. Everything printed from a run (model outputs, prompts,
 * item ids, model names) is untrusted: it passes through `esc` before it reaches the page.
 */
import type { CI95 } from '../metrics/bootstrap.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape for element content and for quoted attribute values alike. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** A fraction 0–1 as a percentage with one decimal ("55.6%"); an en dash when absent. */
export function pct(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)}%`;
}

/** A difference of fractions in percentage points, always signed ("+4.2 pp"). */
export function pp(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const v = (x * 100).toFixed(1);
  return `${x >= 0 && !v.startsWith('-') ? '+' : ''}${v} pp`;
}

/** A value that is already a percentage (Δknowledge), signed ("+33.3%"). */
export function signedPercent(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const v = x.toFixed(1);
  return `${x >= 0 && !v.startsWith('-') ? '+' : ''}${v}%`;
}

/** A CI of fractions as "[48.1, 62.0]" in percent. */
export function ciText(ci: CI95 | null | undefined, scale = 100): string {
  return ci ? `[${(ci[0] * scale).toFixed(1)}, ${(ci[1] * scale).toFixed(1)}]` : '';
}

/**
 * A number on the page that tests and readers can trace back to results.json: `path` is the
 * JSON path inside the run's results, `run` the run's position in the report.
 */
export function metric(
  run: number,
  path: string,
  value: number | null | undefined,
  text: string,
  format: 'pct' | 'pp' | 'signed' | 'count',
): string {
  return (
    `<span class="metric" data-run="${run}" data-metric="${esc(path)}" data-format="${format}" data-value="` +
    `${esc(value ?? '')}">${esc(text)}</span>`
  );
}

/** Safe inside an inline <script>: JSON with `<` escaped so no "</script>" can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
