/**
 * Charts as inline SVG strings. Hand-drawn rather than a chart library: the report needs grouped
 * bars with CI whiskers and baseline marks (not built into Chart.js or uPlot without plugins), the
 * page must work with no network and no script for the charts, and SVG text stays searchable and
 * testable. Every label passes through `esc`.
 */
import type { CI95 } from '../metrics/bootstrap.js';
import { esc } from './format.js';

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
export const colorOf = (i: number): string => PALETTE[i % PALETTE.length] as string;

export interface Bar {
  value: number | null;
  ci: CI95 | null;
  n?: number;
}

export interface BarGroup {
  label: string;
  /** One bar per series, in series order. */
  bars: Bar[];
  /** Reference levels drawn across the group (random and frequent-choice baselines). */
  refs?: { random?: number | null; frequent?: number | null };
}

export interface BarChartOptions {
  title: string;
  series: string[];
  groups: BarGroup[];
  height?: number;
}

const fmt = (x: number): string => (x * 100).toFixed(1);
const num = (x: number): string => (Math.round(x * 10) / 10).toString();

/** Grouped vertical bars on a 0–100% axis, each with its 95% CI whisker. */
export function barChart(o: BarChartOptions): string {
  const barW = 22;
  const gap = 26;
  const left = 40;
  const top = 28;
  const plotH = o.height ?? 160;
  const bottom = 36;
  const groupW = Math.max(1, o.series.length) * barW;
  // Each group's slot is wide enough for its bars and for the longest label (≈6.5 px a character at 11 px).
  const slot = Math.max(groupW + gap, Math.max(0, ...o.groups.map((g) => g.label.length)) * 6.5 + 10);
  const width = Math.max(280, left + o.groups.length * slot + 10);
  const height = top + plotH + bottom;
  const y = (v: number): number => top + plotH * (1 - Math.max(0, Math.min(1, v)));
  const parts: string[] = [];
  for (let t = 0; t <= 100; t += 25) {
    parts.push(`<line class="grid" x1="${left}" x2="${width - 10}" y1="${num(y(t / 100))}" y2="${num(y(t / 100))}"/>`);
    parts.push(`<text class="tick" x="${left - 4}" y="${num(y(t / 100) + 4)}" text-anchor="end">${t}</text>`);
  }
  o.groups.forEach((g, gi) => {
    const x0 = left + (slot - groupW) / 2 + gi * slot;
    g.bars.forEach((b, si) => {
      const x = x0 + si * barW;
      const label = `${o.series[si] ?? ''} · ${g.label}`;
      if (b.value === null) {
        parts.push(`<text class="na" x="${num(x + barW / 2)}" y="${num(y(0) - 4)}" text-anchor="middle">–</text>`);
        return;
      }
      const tip =
        `${label}: ${fmt(b.value)}%${b.ci ? ` [${fmt(b.ci[0])}, ${fmt(b.ci[1])}]` : ''}` +
        `${b.n !== undefined ? `, n=${b.n}` : ''}`;
      parts.push(
        `<rect class="bar" data-series="${si}" x="${num(x + 2)}" y="${num(y(b.value))}" width="${barW - 4}" height="` +
          `${num(y(0) - y(b.value))}" fill="${colorOf(si)}"><title>${esc(tip)}</title></rect>`,
      );
      if (b.ci) {
        const cx = num(x + barW / 2);
        parts.push(
          `<path class="whisker" d="M${cx},${num(y(b.ci[0]))}V${num(y(b.ci[1]))}M${num(x + 6)},${num(y(b.ci[0]))}H` +
            `${num(x + barW - 6)}M${num(x + 6)},${num(y(b.ci[1]))}H${num(x + barW - 6)}"/>`,
        );
      }
    });
    const refLine = (v: number | null | undefined, cls: string, name: string): void => {
      if (v === null || v === undefined) return;
      parts.push(
        `<line class="${cls}" x1="${num(x0 - 4)}" x2="${num(x0 + groupW + 4)}" y1="${num(y(v))}" y2="${num(y(v))}">` +
          `<title>${esc(`${name} · ${g.label}: ${fmt(v)}%`)}</title></line>`,
      );
    };
    refLine(g.refs?.random, 'ref-random', 'random choice');
    refLine(g.refs?.frequent, 'ref-frequent', 'frequent choice');
    parts.push(
      `<text class="glabel" x="${num(x0 + groupW / 2)}" y="${top + plotH + 16}" text-anchor="middle">` +
        `${esc(g.label)}</text>`,
    );
  });
  const hasRefs = o.groups.some((g) => g.refs);
  const legend = [
    ...o.series.map((s, i) => `<span class="key"><i style="background:${colorOf(i)}"></i>${esc(s)}</span>`),
    ...(hasRefs
      ? [
          '<span class="key"><i class="k-random"></i>random choice</span>',
          '<span class="key"><i class="k-frequent"></i>frequent choice</span>',
        ]
      : []),
  ].join('');
  return (
    `<figure class="chart"><figcaption>${esc(o.title)}</figcaption><div class="legend">${legend}</div><svg ` +
    `role="img" aria-label="${esc(o.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `${parts.join('')}</svg></figure>`
  );
}

export interface LineSeries {
  name: string;
  points: [number, number][];
}

/** Lines over a shared x axis (training step), y scaled to the data; a chart per metric group. */
export function lineChart(o: {
  title: string;
  xLabel: string;
  series: LineSeries[];
  width?: number;
  height?: number;
}): string {
  const width = o.width ?? 360;
  const height = o.height ?? 200;
  const [left, right, top, bottom] = [58, 12, 12, 30];
  const pts = o.series.flatMap((s) => s.points);
  if (pts.length === 0) return '';
  let [xmin, xmax] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
  let [ymin, ymax] = [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))];
  if (xmax === xmin) [xmin, xmax] = [xmin - 1, xmax + 1];
  if (ymax === ymin) [ymin, ymax] = [ymin - Math.abs(ymin || 1) * 0.5, ymax + Math.abs(ymax || 1) * 0.5];
  const pad = (ymax - ymin) * 0.05;
  [ymin, ymax] = [ymin - pad, ymax + pad];
  const sx = (x: number): number => left + ((x - xmin) / (xmax - xmin)) * (width - left - right);
  const sy = (v: number): number => top + (1 - (v - ymin) / (ymax - ymin)) * (height - top - bottom);
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = ymin + ((ymax - ymin) * k) / 4;
    parts.push(
      `<line class="grid" x1="${left}" x2="${width - right}" y1="${num(sy(v))}" y2="${num(sy(v))}"/><text ` +
        `class="tick" x="${left - 4}" y="${num(sy(v) + 4)}" text-anchor="end">${esc(short(v))}</text>`,
    );
  }
  parts.push(
    `<text class="tick" x="${left}" y="${height - 8}">${esc(short(xmin))}</text><text class="tick" x="` +
      `${width - right}" y="${height - 8}" text-anchor="end">${esc(short(xmax))}</text>`,
  );
  parts.push(
    `<text class="tick" x="${(left + width - right) / 2}" y="${height - 8}" text-anchor="middle">` +
      `${esc(o.xLabel)}</text>`,
  );
  o.series.forEach((s, i) => {
    const d = s.points.map((p, k) => `${k ? 'L' : 'M'}${num(sx(p[0]))},${num(sy(p[1]))}`).join('');
    parts.push(
      `<path class="line" data-field="${esc(s.name)}" d="${d}" stroke="${colorOf(i)}"><title>${esc(s.name)}` +
        `</title></path>`,
    );
  });
  const legend = o.series
    .map((s, i) => `<span class="key"><i style="background:${colorOf(i)}"></i>${esc(s.name)}</span>`)
    .join('');
  return (
    `<figure class="chart line-chart"><figcaption>${esc(o.title)}</figcaption><div class="legend">${legend}` +
    `</div><svg role="img" aria-label="${esc(o.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="` +
    `${height}">${parts.join('')}</svg></figure>`
  );
}

/** Compact tick label: 3 significant digits, no exponent for ordinary magnitudes. */
function short(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(1);
  return Number(v.toPrecision(3)).toString();
}
