/**
 * From a planned unit to pixels: the lecture, its quiz image, the question-only clip, the temporal clip and the scene.
 */
import { Canvas, INK, PAPER } from './canvas.js';
import { familyOf } from './families/index.js';
import {
  DISCIPLINE_COLOURS,
  drawLines,
  header,
  linesSlide,
  renderSlides,
  subjectLabel,
  type Slide,
} from './lecture.js';
import type { SynthConfig, UnitSpec } from './plan.js';
import { renderScene } from './scene.js';
import { renderClip } from './temporal.js';

type Size = Pick<SynthConfig, 'width' | 'height' | 'lectureFps' | 'clipFps'>;

/** Frames the quiz image is held for, at the end of the lecture and as the question-only clip. */
export const QUIZ_FRAMES = 4;

function drawUnitQuiz(c: Canvas, unit: UnitSpec): void {
  const adaptation = unit.questions.find((q) => q.track === 'Adaptation');
  if (!adaptation) throw new RangeError(`${unit.id}: no Adaptation question`);
  familyOf(unit.family).drawQuiz(c, adaptation.query);
}

export function renderQuiz(unit: UnitSpec, size: Size): Canvas {
  const c = new Canvas(size.width, size.height).fill(PAPER);
  drawUnitQuiz(c, unit);
  return c;
}

/**
 * Title, rule slides, worked example, recap, then the quiz as the last frames (Video-MMMU's videos end on the quiz).
 */
export function lectureSlides(unit: UnitSpec, size: Size): Slide[] {
  const family = familyOf(unit.family);
  const colour = DISCIPLINE_COLOURS[unit.discipline] ?? INK;
  return [
    linesSlide(
      subjectLabel(unit.subject, unit.discipline),
      colour,
      [{ text: unit.rule.name }, { text: family.title, scale: 2 }],
      5,
    ),
    ...family.teach(unit.rule, unit.example, { colour, fps: size.lectureFps }),
    {
      frames: 5,
      draw: (c) => (
        header(c, 'RECAP', colour),
        drawLines(
          c,
          family.recap(unit.rule).map((text: string) => ({ text, scale: 2 })),
        )
      ),
    },
    { frames: QUIZ_FRAMES, draw: (c) => drawUnitQuiz(c, unit) },
  ];
}

/** The lecture's frames; with `recordMarks`, each canvas also lists what it shows (see `Canvas.marks`). */
export function renderLecture(unit: UnitSpec, size: Size, recordMarks = false): Canvas[] {
  return renderSlides(lectureSlides(unit, size), size.width, size.height, recordMarks);
}

/** The *before* condition's clip: only the quiz image. */
export function renderQuestionOnly(unit: UnitSpec, size: Size): Canvas[] {
  const quiz = renderQuiz(unit, size);
  return Array.from({ length: QUIZ_FRAMES }, () => quiz.clone());
}

export function renderUnitClip(unit: UnitSpec, size: Size): Canvas[] {
  return renderClip(unit.clip, size.width, size.height);
}

export function renderUnitScene(unit: UnitSpec, size: Size): Canvas {
  return renderScene(unit.scene, size.width, size.height);
}
