/**
 * Lines of src/, test/, bench/ and scripts/ stay within 120 columns. Biome's formatter breaks code
 * at 120 but never a string, a template or a comment; `node scripts/wrap-long-lines.mjs` splits
 * those (the value is unchanged) for `npx biome format --write` to lay out.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MAX = 120;
const DIRS = ['src', 'test', 'bench', 'scripts'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** 1-based numbers of the lines wider than MAX columns (counted in code points, as an editor shows them). */
function longLines(text: string): number[] {
  return text.split('\n').flatMap((line, i) => ([...line].length > MAX ? [i + 1] : []));
}

test('the width is counted in code points: 120 of them pass, 121 do not', () => {
  assert.deepEqual(longLines(`${'Δ'.repeat(MAX)}\n${'x'.repeat(MAX + 1)}\n`), [2]);
  assert.deepEqual(longLines('😀'.repeat(MAX)), []);
});

test(`no line in ${DIRS.join(', ')} is wider than ${MAX} columns`, () => {
  const files = DIRS.flatMap((d) => sources(join(ROOT, d)));
  assert.ok(files.length > 200, `only ${files.length} files found under ${ROOT}`);
  const long = files.flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    return longLines(text).map((n) => `${relative(ROOT, f)}:${n} (${[...text.split('\n')[n - 1]!].length} columns)`);
  });
  assert.deepEqual(long, []);
});
