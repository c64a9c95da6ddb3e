/**
 * Reasoning drills: the lecture questions of a freshly generated world, asked without video, with
 * what the frames would have shown written into the prompt as notes (src/synth/lectureChains.ts).
 *
 * Why: the chains of thought ask the model to restate the question's names and numbers, multiply,
 * add, and find the option that holds a value. A few hundred training lectures are too few for a
 * small decoder to learn that copying and arithmetic (it wrote "10 SIG" for "12 SIG" and invented
 * unit names). The generator can plan any number of worlds in milliseconds without rendering, so
 * drills give that practice at the scale it needs, in both answer formats the evaluator asks for,
 * at the cost of text-only examples. The notes are never in an evaluation prompt: there, the
 * chain's first sentence has to come from the frames, which the real examples and the reading
 * task teach.
 *
 * The drill world is planned from its own seed, so its names and rules are not those of the data.
 */
import { buildPrompt } from '../../tasks/videommmu/prompt.js';
import { buildVideoR1Prompt } from '../../tasks/videor1/prompt.js';
import { lectureChain, lectureNotes, videoMMMUResponse } from '../../synth/lectureChains.js';
import { DEFAULT_CONFIG, planDataset } from '../../synth/plan.js';
import { factsOf as videoMMMUFacts, VIDEOMMMU } from '../../tasks/videommmu/task.js';
import { factsOf as videoR1Facts } from '../../tasks/videor1/task.js';
import { lectureAsR1 } from '../../synth/records.js';
import { DEFAULT_FRAMES, VIDEO_R1_FRAMES } from '../../eval/config.js';
import type { ExampleUnit } from '../sftData.js';

/** Offsets the drill world's seed from the SFT seed, away from `vreason data synth`'s small seeds. */
export const DRILL_SEED_BASE = 1_000_003;

/** Text-only examples of `lectures` planned lectures: each question once per answer format. */
export function drillUnits(lectures: number, seed: number): ExampleUnit[] {
  if (!(Number.isInteger(lectures) && lectures > 0))
    throw new RangeError('drills must be a positive number of lectures');
  const worldSeed = DRILL_SEED_BASE + seed;
  const plan = planDataset({ ...DEFAULT_CONFIG, seed: worldSeed, videos: lectures, ratios: [1, 0, 0] });
  const out: ExampleUnit[] = [];
  for (const u of plan.units) {
    for (const q of u.questions) {
      const notes = lectureNotes(u, q);
      const id = `drill-${u.id}-${q.track}`;
      const visual = { kind: 'none', reason: 'drill' } as const;
      out.push({
        unit: {
          itemId: `${id}-vm`,
          condition: 'drill',
          prompt: `${notes}\n${buildPrompt(q, 'after')}`,
          visual,
          facts: videoMMMUFacts({ ...q, subject: u.subject, discipline: u.discipline }),
          shardKey: id,
        },
        scorer: VIDEOMMMU,
        group: 'drill',
        answer: videoMMMUResponse(u, q, worldSeed),
        frameCfg: DEFAULT_FRAMES,
      });
      const chain = lectureChain(u, q, worldSeed);
      if (!chain.kept) continue;
      const r1 = lectureAsR1(u, q);
      out.push({
        unit: {
          itemId: `${id}-r1`,
          condition: 'drill',
          prompt: `${notes}\n${buildVideoR1Prompt({ problem: r1.problem, problemType: r1.type, options: r1.options })}`,
          visual,
          facts: videoR1Facts(
            { problemType: r1.type, dataType: 'video', solution: `<answer>${r1.answer}</answer>`, dataSource: 'drill' },
            'synth',
          ),
          shardKey: id,
        },
        scorer: 'videor1',
        group: 'drill',
        answer: chain.response,
        frameCfg: VIDEO_R1_FRAMES,
      });
    }
  }
  return out;
}
