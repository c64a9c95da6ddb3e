/**
 * Renders a small Video-R1 "Evaluation" folder: eval_<benchmark>.json files in the reference's
 * record format with media paths like "./VSI/clip.mp4", real mp4s (ffmpeg testsrc, so every frame
 * differs) and a PNG. A test helper, not part of the product.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateFfmpeg, runBinary } from '../../src/media/ffmpeg.js';

export interface R1Row {
  problem_id: number;
  problem: string;
  data_type: 'image' | 'video';
  problem_type: string;
  options: string[];
  solution: string;
  path: string;
  data_source: string;
}

const mc = (id: number, src: string, path: string, gold: string): R1Row => ({
  problem_id: id,
  problem: `[q${id}] How many red cubes appear in the video?\n`,
  data_type: 'video',
  problem_type: 'multiple choice',
  options: ['A. 1', 'B. 2', 'C. 3', 'D. 4'],
  solution: `<answer>${gold}</answer>`,
  path,
  data_source: src,
});

export const R1_ROWS: Record<string, R1Row[]> = {
  vsibench: [
    mc(1, 'vsi', './VSI/room1.mp4', 'B'),
    {
      problem_id: 2,
      problem: '[q2] How far apart are the chair and the table (in metres)?',
      data_type: 'video',
      problem_type: 'regression',
      options: [],
      solution: '<answer>10</answer>',
      path: './VSI/room2.mp4',
      data_source: 'vsi',
    },
    {
      problem_id: 3,
      problem: '[q3] What is the value shown on the sign?',
      data_type: 'image',
      problem_type: 'numerical',
      options: [],
      solution: '<answer>3.5</answer>',
      path: './VSI/sign.png',
      data_source: 'vsi',
    },
    mc(4, 'vsi', './VSI/room1.mp4', 'C'),
  ],
  mvbench: [mc(5, 'mvbench', './MVBench/a.mp4', 'A'), mc(6, 'mvbench', './MVBench/b.mp4', 'D')],
};

export async function makeVideoR1Fixture(root: string, rows: Record<string, R1Row[]> = R1_ROWS): Promise<void> {
  const { ffmpeg } = locateFfmpeg();
  const run = async (args: string[]): Promise<void> => {
    const r = await runBinary(ffmpeg, ['-y', '-v', 'error', ...args]);
    if (r.code !== 0) throw new Error(r.stderr);
  };
  const media = new Set(Object.values(rows).flatMap((rs) => rs.map((r) => r.path)));
  for (const p of media) {
    const out = join(root, p);
    mkdirSync(join(out, '..'), { recursive: true });
    if (p.endsWith('.png')) await run(['-f', 'lavfi', '-i', 'testsrc=size=96x64', '-frames:v', '1', out]);
    else
      await run([
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=160x120:rate=8',
        '-t',
        '2',
        '-c:v',
        'libx264',
        '-pix_fmt',
        'yuv420p',
        out,
      ]);
  }
  for (const [bench, rs] of Object.entries(rows))
    writeFileSync(join(root, `eval_${bench}.json`), JSON.stringify(rs, null, 2));
}
