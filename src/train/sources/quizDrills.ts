/**
 * Quiz drills: an Adaptation question whose operands are only in its quiz image.
 *
 * Why: Adaptation asks the model to apply the lecture's rule to the numbers of a quiz image (the
 * video's last frame). After the curriculum the model restated the rule slide right in 80–100% of
 * its chains (legend aside) but read the quiz image right in 2 of 60 test lectures: it wrote the
 * training set's most common start mark instead. The world has one quiz per lecture — 480 in
 * training — too few for the frame encoder to learn two-digit numbers that change every time. The
 * generator can render any number of quiz images in microseconds (no video to encode).
 *
 * Each drill is the Adaptation question of a freshly planned lecture (its own seed, as the other
 * drills), shown as the quiz image alone (the *before* condition's visual), with the rule given as a
 * `Notes:` line (what the lecture's frames teach) and the Video-MMMU reasoning chain as the target:
 * it describes the quiz image, restates the rule, computes and walks the options. The notes never
 * say what the quiz shows, so the operands can only come from the pixels.
 */
import { buildPrompt } from '../../tasks/videommmu/prompt.js';
import { factsOf as videoMMMUFacts, VIDEOMMMU } from '../../tasks/videommmu/task.js';
import { videoMMMUResponse } from '../../synth/lectureChains.js';
import { DEFAULT_CONFIG, planDataset, type SynthConfig } from '../../synth/plan.js';
import { renderQuiz } from '../../synth/render.js';
import { encodePng } from '../../synth/png.js';
import { DEFAULT_FRAMES } from '../../eval/config.js';
import type { ExampleUnit } from '../sftData.js';

/** Offsets the quiz world's seed from the SFT seed (away from the other drills' bases). */
export const QUIZ_SEED_BASE = 3_000_003;

/** `count` quiz drills planned from `seed`, rendered at the data's frame size. */
export function quizDrillUnits(
  count: number,
  seed: number,
  size: Pick<SynthConfig, 'width' | 'height' | 'lectureFps' | 'clipFps'> = DEFAULT_CONFIG,
): ExampleUnit[] {
  if (!(Number.isInteger(count) && count > 0))
    throw new RangeError('quiz drills must be a positive number of examples');
  const worldSeed = QUIZ_SEED_BASE + seed;
  const plan = planDataset({ ...DEFAULT_CONFIG, ...size, seed: worldSeed, videos: count, ratios: [1, 0, 0] });
  const out: ExampleUnit[] = [];
  for (const u of plan.units) {
    const q = u.questions.find((x) => x.track === 'Adaptation');
    if (!q) continue;
    // The family in the id lets a check count by family without planning the world again.
    const id = `quiz-${u.family}-${u.id}`;
    const item = { ...q, subject: u.subject, discipline: u.discipline };
    out.push({
      unit: {
        itemId: id,
        condition: 'drill',
        prompt: `Notes: ${q.steps[0] ?? ''}\n${buildPrompt(item, 'after')}`,
        visual: { kind: 'image', image: { bytes: encodePng(renderQuiz(u, size)) } },
        facts: videoMMMUFacts(item),
        shardKey: id,
      },
      scorer: VIDEOMMMU,
      group: 'quiz',
      answer: videoMMMUResponse(u, q, worldSeed),
      frameCfg: DEFAULT_FRAMES,
    });
  }
  return out;
}
