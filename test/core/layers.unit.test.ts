/**
 * The architecture, enforced: imports point one way through the layers, and no two files import
 * each other, even for types. Layers (a folder of src/ each; same-layer imports are allowed):
 *   core, data  ←  media, nn, clients, metrics  ←  tasks, rewards, synth  ←  eval, train
 *   ←  report, serve  ←  pipeline  ←  cli and the package entries.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src');
const LAYER: Record<string, number> = {
  core: 0,
  data: 0,
  'version.ts': 0,
  media: 1,
  nn: 1,
  clients: 1,
  metrics: 1,
  tasks: 2,
  rewards: 2,
  synth: 2,
  eval: 3,
  train: 3,
  report: 4,
  serve: 4,
  pipeline: 5,
  cli: 6,
  'index.ts': 6,
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Local imports of a file (static, type-only and dynamic), as absolute .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map(
    (m) => m[1] as string,
  );
  return specs.map((s) => resolve(dirname(file), s).replace(/\.js$/, '.ts'));
}

const layerOf = (file: string): number => {
  const top = relative(SRC, file).split(/[\\/]/)[0] as string;
  const l = LAYER[top];
  if (l === undefined)
    throw new Error(`src/${top} has no layer: add it to LAYER in this test (and to DESIGN's picture)`);
  return l;
};

const files = sources(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

test('imports point one way through the layers', () => {
  const wrong: string[] = [];
  for (const [f, deps] of graph)
    for (const d of deps) if (layerOf(d) > layerOf(f)) wrong.push(`${relative(SRC, f)} → ${relative(SRC, d)}`);
  assert.deepEqual(wrong, []);
});

test('no import cycles between files (type-only imports included)', () => {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (f: string, path: string[]): void => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(SRC, p)).join(' → '));
      return;
    }
    state.set(f, 'open');
    for (const d of graph.get(f) ?? []) visit(d, [...path, f]);
    state.set(f, 'done');
  };
  for (const f of files) visit(f, []);
  assert.deepEqual(cycles, []);
});

test('every local import resolves to a file (the check sees the real graph)', () => {
  const missing = [...graph].flatMap(([f, deps]) =>
    deps.filter((d) => !graph.has(d)).map((d) => `${relative(SRC, f)} → ${relative(SRC, d)}`),
  );
  assert.deepEqual(missing, []);
  assert.ok(files.length > 100);
});
