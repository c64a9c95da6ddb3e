/**
 * A tiny raster canvas over a raw RGB24 buffer — exactly what ffmpeg's `-f rawvideo -pix_fmt rgb24`
 * reads, so a frame goes to the encoder without conversion. Integer geometry only, no
 * anti-aliasing: the same calls give the same bytes on every machine, which the determinism
 * checks rely on.
 */
import { GLYPH_H, GLYPH_W, advance, glyph, textWidth } from './font.js';

export type Rgb = readonly [number, number, number];

export const WHITE: Rgb = [255, 255, 255];
export const BLACK: Rgb = [0, 0, 0];
export const INK: Rgb = [20, 20, 30];
export const PAPER: Rgb = [250, 248, 240];

/** Something a frame shows, as words: text (with its scale) or a named object (a shape, a swatch). */
export interface Mark {
  text: string;
  /** Font scale of drawn text; null for a named object. */
  scale: number | null;
}

export class Canvas {
  readonly data: Uint8Array;
  /**
   * When set, every text drawn and every object named with `note` is appended here, in drawing
   * order: the frame's transcript, which the "read the slides" SFT task learns to produce.
   */
  marks: Mark[] | null = null;

  constructor(
    readonly width: number,
    readonly height: number,
    data?: Uint8Array,
  ) {
    this.data = data ?? new Uint8Array(width * height * 3);
  }

  clone(): Canvas {
    return new Canvas(this.width, this.height, this.data.slice());
  }

  fill(c: Rgb): this {
    for (let i = 0; i < this.data.length; i += 3) {
      this.data[i] = c[0];
      this.data[i + 1] = c[1];
      this.data[i + 2] = c[2];
    }
    return this;
  }

  /** Set one pixel; anything outside the frame is clipped silently (shapes may run off-edge). */
  px(x: number, y: number, c: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    this.data[i] = c[0];
    this.data[i + 1] = c[1];
    this.data[i + 2] = c[2];
  }

  get(x: number, y: number): Rgb {
    const i = (y * this.width + x) * 3;
    return [this.data[i] ?? 0, this.data[i + 1] ?? 0, this.data[i + 2] ?? 0];
  }

  rect(x: number, y: number, w: number, h: number, c: Rgb): this {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) this.px(xx, yy, c);
    return this;
  }

  /** Outline of a rectangle, `t` pixels thick, inside the given bounds. */
  frame(x: number, y: number, w: number, h: number, t: number, c: Rgb): this {
    this.rect(x, y, w, t, c)
      .rect(x, y + h - t, w, t, c)
      .rect(x, y, t, h, c)
      .rect(x + w - t, y, t, h, c);
    return this;
  }

  circle(cx: number, cy: number, r: number, c: Rgb): this {
    const r2 = r * r;
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++)
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++)
        if ((x - cx) ** 2 + (y - cy) ** 2 <= r2) this.px(x, y, c);
    return this;
  }

  /** Filled triangle by the sign of edge functions over its bounding box (no gaps, no overdraw). */
  triangle(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, c: Rgb): this {
    const edge = (x0: number, y0: number, x1: number, y1: number, x: number, y: number): number =>
      (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0);
    const area = edge(ax, ay, bx, by, cx, cy);
    if (area === 0) return this;
    for (let y = Math.floor(Math.min(ay, by, cy)); y <= Math.ceil(Math.max(ay, by, cy)); y++)
      for (let x = Math.floor(Math.min(ax, bx, cx)); x <= Math.ceil(Math.max(ax, bx, cx)); x++) {
        const px = x + 0.5;
        const py = y + 0.5;
        const w0 = edge(bx, by, cx, cy, px, py) * Math.sign(area);
        const w1 = edge(cx, cy, ax, ay, px, py) * Math.sign(area);
        const w2 = edge(ax, ay, bx, by, px, py) * Math.sign(area);
        if (w0 >= 0 && w1 >= 0 && w2 >= 0) this.px(x, y, c);
      }
    return this;
  }

  /** A line `t` pixels thick: square brushes stamped along the longer axis. */
  line(x0: number, y0: number, x1: number, y1: number, t: number, c: Rgb): this {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    const h = Math.floor(t / 2);
    for (let i = 0; i <= steps; i++) {
      const x = Math.round(x0 + ((x1 - x0) * i) / steps);
      const y = Math.round(y0 + ((y1 - y0) * i) / steps);
      this.rect(x - h, y - h, t, t, c);
    }
    return this;
  }

  /** A line with a triangular head at (x1, y1). */
  arrow(x0: number, y0: number, x1: number, y1: number, t: number, c: Rgb): this {
    const len = Math.hypot(x1 - x0, y1 - y0) || 1;
    const ux = (x1 - x0) / len;
    const uy = (y1 - y0) / len;
    const head = Math.max(4, t * 3);
    const bx = x1 - ux * head;
    const by = y1 - uy * head;
    this.line(x0, y0, bx, by, t, c);
    this.triangle(x1, y1, bx - uy * head * 0.6, by + ux * head * 0.6, bx + uy * head * 0.6, by - ux * head * 0.6, c);
    return this;
  }

  /** Name what was just drawn (a shape, a swatch) for the transcript; draws nothing. */
  note(name: string): this {
    this.marks?.push({ text: name, scale: null });
    return this;
  }

  /** Draw text with the built-in font, top-left at (x, y), each font pixel a scale×scale block. */
  text(s: string, x: number, y: number, scale: number, c: Rgb): this {
    this.marks?.push({ text: s, scale });
    let cx = Math.round(x);
    for (const ch of s) {
      const bits = glyph(ch);
      for (let gy = 0; gy < GLYPH_H; gy++)
        for (let gx = 0; gx < GLYPH_W; gx++)
          if (bits[gy * GLYPH_W + gx]) this.rect(cx + gx * scale, Math.round(y) + gy * scale, scale, scale, c);
      cx += advance(scale);
    }
    return this;
  }

  /** Text centred horizontally on the frame (or on `cx`). */
  textCentered(s: string, y: number, scale: number, c: Rgb, cx = this.width / 2): this {
    return this.text(s, Math.round(cx - textWidth(s, scale) / 2), y, scale, c);
  }
}

/** The largest scale (≤ max) at which `s` fits in `width` pixels; at least 1. */
export function fitScale(s: string, width: number, max: number): number {
  for (let k = max; k > 1; k--) if (textWidth(s, k) <= width) return k;
  return 1;
}
