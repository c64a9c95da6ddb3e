/** Frame transcripts: the renderer's own account of what each lecture frame shows. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { Canvas, INK, PAPER } from '../../src/synth/canvas.js';
import { DEFAULT_CONFIG, planDataset } from '../../src/synth/plan.js';
import { QUIZ_FRAMES, renderLecture } from '../../src/synth/render.js';
import { frameTranscript, lectureTranscripts } from '../../src/synth/transcript.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const p = planDataset({ ...DEFAULT_CONFIG, seed: 11, videos: 25 });

test('recording marks changes no pixel', () => {
  for (const u of p.units.slice(0, 10)) {
    const plain = renderLecture(u, p.config).map((c) => sha(c.data));
    const recorded = renderLecture(u, p.config, true);
    assert.deepEqual(
      recorded.map((c) => sha(c.data)),
      plain,
      u.id,
    );
    assert.ok(recorded.every((c) => Array.isArray(c.marks)));
  }
});

test('small text (the header labels) is left out; named objects are kept', () => {
  const c = new Canvas(64, 32).fill(PAPER);
  c.marks = [];
  c.text('RULE', 0, 0, 1, INK);
  c.rect(0, 10, 5, 5, INK).note('SQUARE');
  c.text('= 7', 8, 10, 2, INK);
  assert.equal(frameTranscript(c.marks), 'SQUARE = 7');
});

/** The words that carry each family's secret, as the rule slide shows them. */
function secret(u: (typeof p.units)[number]): string[] {
  const r = u.rule as unknown as Record<string, unknown>;
  switch (u.family) {
    case 'units':
      return [`1 ${r.name} = ${r.rate} ${r.small}`];
    case 'legend':
      return (r.shapes as string[]).map((s, k) => `${s} = ${(r.values as number[])[k]}`);
    case 'colour':
      return (r.wheel as string[]).map((col, k) => `${col} ${k}`);
    case 'motion':
      return [`${r.speed} STEP/S ${r.dir === 'RIGHT' ? '→' : '←'}`];
    default:
      return [String(r.name)];
  }
}

test("every lecture's transcript holds its rule's secret, frame for frame, and ends on the quiz's", () => {
  const families = new Set<string>();
  for (const u of p.units) {
    const t = lectureTranscripts(u, p.config);
    assert.equal(t.length, renderLecture(u, p.config).length, u.id);
    assert.match(t[0]!, new RegExp(`^${u.rule.name} `), `${u.id}: the title frame names the concept`);
    for (const s of secret(u))
      assert.ok(
        t.some((line) => line.includes(s)),
        `${u.id} (${u.family}): no frame shows '${s}'\n${[...new Set(t)].join('\n')}`,
      );
    for (const label of ['EXAMPLE', 'RECAP', 'QUIZ', 'LEGEND '])
      assert.ok(
        t.every((line) => !line.startsWith(label)),
        `${u.id}: header label '${label}' in the transcript`,
      );
    assert.ok(
      t.slice(-QUIZ_FRAMES).every((line) => line === t.at(-1)) && t.at(-1)!.includes('?'),
      `${u.id}: the last ${QUIZ_FRAMES} frames are the quiz, which asks`,
    );
    assert.ok(
      !t.slice(0, -QUIZ_FRAMES).some((line) => line === t.at(-1)),
      `${u.id}: only the quiz frames read like the quiz`,
    );
    families.add(u.family);
  }
  assert.equal(families.size, 5, 'every family is covered');
});
