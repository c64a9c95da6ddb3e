/**
 * `npm start` until the embedded model lands: render the fixture dataset, start the scripted
 * OpenAI-compatible server on 127.0.0.1 (a stand-in model that answers in varied formats and is
 * right more often after watching the video), run the real evaluator against it over HTTP, and
 * print where the results are. The demo issue replaces this with the trained embedded model.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mulberry32 } from '../../src/core/rng.js';
import { DEFAULT_FRAMES } from '../../src/eval/config.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { writeReport } from '../../src/report/build.js';
import { defaultRows, makeFixture, type FixtureRows } from './fixture.js';
import { startScriptedServer, type SeenRequest } from './scriptedServer.js';

const IDS = Array.from({ length: 30 }, (_, i) => {
  const subjects = ['Art_Theory', 'Finance', 'Chemistry', 'Pharmacy', 'Psychology', 'Electronics'];
  return `validation_${subjects[i % 6]}_${i + 1}`;
});

async function main(): Promise<void> {
  const root = resolve(process.argv[2] ?? 'runs/demo');
  const data = join(root, 'data');
  mkdirSync(root, { recursive: true });
  process.stderr.write(`[1/4] rendering a ${IDS.length * 3}-question Video-MMMU-shaped dataset (real mp4s) → ${data}\n`);
  const rows = await makeFixture(data, { rows: defaultRows(IDS), format: 'parquet' });
  const server = await startScriptedServer((r) => ({ text: stand_in(r, rows) }));
  process.stderr.write(`[2/4] scripted stand-in model serving on ${server.url}\n`);
  try {
    process.stderr.write('[3/4] vreason eval (Perception, Comprehension, Adaptation before/after)\n');
    const { results, outputDir } = await evaluate({
      tasks: ['videommmu'],
      data,
      output: join(root, 'run'),
      model: { baseUrl: server.url, name: 'scripted-stand-in', timeoutMs: 30_000 },
      frames: { ...DEFAULT_FRAMES, nframes: 8 },
      videoMode: 'frames',
      params: { temperature: 0, maxTokens: 64, seed: 0 },
      concurrency: 8,
      conditions: 'both',
      promptStyle: 'lmms-eval',
      seed: 0,
    });
    process.stderr.write('[4/4] vreason report\n');
    const report = await writeReport([outputDir], join(root, 'report.html'));
    const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
    process.stdout.write(
      `\naccuracy ${pct(results.overall.accuracy)} (n=${results.overall.n}); ` +
        `Perception ${pct(results.tracks.Perception?.accuracy ?? null)}, Comprehension ${pct(results.tracks.Comprehension?.accuracy ?? null)}, Adaptation ${pct(results.tracks.Adaptation?.accuracy ?? null)}; ` +
        `Δknowledge ${results.delta_knowledge.value?.toFixed(1) ?? '–'}%\n` +
        `This run used the scripted stand-in server, not a trained model.\nresults: ${outputDir}/results.json\nreport: ${report.htmlPath}\n`,
    );
  } finally {
    await server.close();
  }
}

/** A stand-in "model": right with a seeded probability that is higher with the video than without. */
function stand_in(r: SeenRequest, rows: FixtureRows): string {
  const track = /Which colour/.test(r.prompt) ? 'Perception' : /worked example/.test(r.prompt) ? 'Comprehension' : 'Adaptation';
  const row = rows[track].find((x) => x.id === r.id);
  if (!row) return 'I cannot tell.';
  const rand = mulberry32(hash(`${r.id}|${track}|${r.condition}`));
  const pRight = r.condition === 'before' ? 0.35 : track === 'Perception' ? 0.8 : track === 'Comprehension' ? 0.65 : 0.55;
  const right = rand() < pRight;
  if (row.question_type === 'open') return right ? `The result is ${row.answer}.` : `The result is ${Number(row.answer) + 1}.`;
  const letters = row.options.map((_, i) => String.fromCharCode(65 + i));
  const pick = right ? row.answer : (letters.filter((l) => l !== row.answer)[Math.floor(rand() * (letters.length - 1))] ?? 'A');
  const formats = [`(${pick})`, `The answer is ${pick}.`, `${pick}`, `Answer: ${pick}`];
  return formats[Math.floor(rand() * formats.length)] as string;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`demo failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
