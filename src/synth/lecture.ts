/**
 * Lecture videos as a list of slides, each a number of frames and a draw function of the frame
 * number (so a slide can animate: a value appears, an object moves). Layout is for a 128×96
 * frame: a thin coloured header band naming the slide, then at most three lines of large glyphs.
 */
import { Canvas, INK, PAPER, WHITE, fitScale, type Rgb } from './canvas.js';

export interface Slide {
  frames: number;
  /** Draw frame i of n onto a canvas already filled with the paper colour. */
  draw(c: Canvas, i: number, n: number): void;
}

export const HEADER_H = 11;

export const DISCIPLINE_COLOURS: Record<string, Rgb> = {
  Art: [170, 40, 120],
  Business: [20, 110, 90],
  Science: [30, 80, 170],
  Medicine: [180, 40, 40],
  Humanities: [120, 80, 30],
  Engineering: [70, 70, 80],
};

/** The header band: label in white on the discipline's colour. */
export function header(c: Canvas, label: string, colour: Rgb): void {
  c.rect(0, 0, c.width, HEADER_H, colour);
  c.text(label, 3, 2, 1, WHITE);
}

export interface Line {
  text: string;
  /** Largest scale to try (default 3); shrinks to fit the frame. */
  scale?: number;
  colour?: Rgb;
}

/** Lines centred in the area below the header, each at the largest scale that fits (≤ its cap). */
export function drawLines(c: Canvas, lines: readonly Line[], top = HEADER_H + 2): void {
  const scales = lines.map((l) => fitScale(l.text, c.width - 6, l.scale ?? 3));
  const gap = 4;
  const total = scales.reduce((s, k) => s + 7 * k, 0) + gap * (lines.length - 1);
  let y = top + Math.max(0, Math.floor((c.height - top - total) / 2));
  lines.forEach((l, i) => {
    const k = scales[i] as number;
    c.textCentered(l.text, y, k, l.colour ?? INK);
    y += 7 * k + gap;
  });
}

export function linesSlide(label: string, colour: Rgb, lines: readonly Line[], frames: number): Slide {
  return {
    frames,
    draw: (c) => {
      header(c, label, colour);
      drawLines(c, lines);
    },
  };
}

/** Render slides to frames: a fresh paper-filled canvas per frame (recording its marks when asked). */
export function renderSlides(slides: readonly Slide[], width: number, height: number, recordMarks = false): Canvas[] {
  const out: Canvas[] = [];
  for (const s of slides)
    for (let i = 0; i < s.frames; i++) {
      const c = new Canvas(width, height).fill(PAPER);
      if (recordMarks) c.marks = [];
      s.draw(c, i, s.frames);
      out.push(c);
    }
  return out;
}

/** Subject as it is written on a title slide: `Clinical_Medicine` → `CLINICAL MEDICINE`. */
export function subjectLabel(subject: string, discipline: string, maxChars = 20): string {
  const full = subject.replaceAll('_', ' ').toUpperCase();
  return full.length <= maxChars ? full : discipline.toUpperCase();
}
