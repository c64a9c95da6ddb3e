#!/usr/bin/env node
// Builds the optional native kernels (native/engine.cc → native/build/vreason_engine.node).
// Run by `npm install`/`npm ci` through the package's `install` script, so it must never fail the
// install: every problem (no compiler, no headers, no OpenMP) ends in one line and exit code 0, and
// the engine then uses its pure-TypeScript kernels. `vreason doctor` says which one is in use.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'native', 'engine.cc');
const outDir = join(root, 'native', 'build');
const out = join(outDir, 'vreason_engine.node');

function headerDir() {
  try {
    // node-api-headers is a devDependency; a production install falls back to Node's own headers.
    return createRequire(import.meta.url)('node-api-headers').include_dir;
  } catch {
    const own = join(dirname(process.execPath), '..', 'include', 'node');
    return existsSync(join(own, 'node_api.h')) ? own : null;
  }
}

function build() {
  if (process.env.VREASON_SKIP_NATIVE) return 'skipped (VREASON_SKIP_NATIVE is set); the engine will use its JS kernels';
  const include = headerDir();
  if (!include) return 'no Node-API headers found; the engine will use its JS kernels';
  const cxx = process.env.CXX || 'g++';
  mkdirSync(outDir, { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  const base = ['-O3', '-std=c++17', '-shared', '-fPIC', '-fno-math-errno', `-I${include}`, src, '-o', tmp];
  // -march=native: the addon is built on the machine that runs it. Without OpenMP it still works, single-threaded.
  const attempts = [
    ['-march=native', '-fopenmp', ...base],
    ['-fopenmp', ...base],
  ];
  let last = '';
  for (const flags of attempts) {
    const r = spawnSync(cxx, flags, { encoding: 'utf8', timeout: 300_000 });
    if (r.error) return `no C++ compiler (${cxx}: ${r.error.message}); the engine will use its JS kernels`;
    if (r.status === 0) {
      renameSync(tmp, out);
      return `built ${out} (${flags.slice(0, 2).join(' ')})`;
    }
    last = (r.stderr || '').split('\n').find((l) => l.includes('error')) ?? `exit ${r.status}`;
  }
  rmSync(tmp, { force: true });
  return `native build failed (${last.trim()}); the engine will use its JS kernels`;
}

let msg;
try {
  msg = build();
} catch (e) {
  msg = `native build failed (${e instanceof Error ? e.message : String(e)}); the engine will use its JS kernels`;
}
console.log(`vreason engine: ${msg}`);
process.exit(0);
