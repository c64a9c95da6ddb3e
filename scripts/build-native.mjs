#!/usr/bin/env node
// Builds the optional native kernels (native/*.cc → native/build/vreason_engine.node).
// Run by `npm install`/`npm ci` through the package's `install` script, so it must never fail the
// install: every problem (no compiler, no headers, no OpenMP) ends in one line and exit code 0, and
// the engine then uses its pure-TypeScript kernels. `vreason doctor` says which one is in use.
//
// The kernels (native/kernels_impl.h) are compiled once per instruction set, each translation unit
// with its own flags — x86-64: isa_generic.cc (baseline SSE2), isa_avx2.cc (-mavx2 -mfma),
// isa_avx512.cc (-mavx512f …); arm64: isa_generic.cc and isa_neon.cc — and linked with the glue
// (native/engine.cc, baseline flags), which picks a table at load time from the CPU's features. So
// the addon runs on any CPU of its architecture, not only the one that built it, and every table
// this CPU can execute is testable here (VREASON_ISA forces one). An instruction set the compiler
// cannot target is left out with a note; the build fails only when the generic table or the glue
// does not compile.
//
// Environment (all optional):
//   CXX                    the compiler (default g++)
//   VREASON_SKIP_NATIVE    skip the build
//   VREASON_NATIVE_ISAS    comma list restricting the tables built (e.g. "avx2,generic": an AVX2-only build)
//   VREASON_NATIVE_ARCH    x64 | arm64 | other: the target's architecture (default: this process's), for cross-builds
//   VREASON_NATIVE_OUT     where to write the addon (default native/build/vreason_engine.node)
//   VREASON_NATIVE_SELFTEST=path  also link native/selftest.cc (no Node) into that executable
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nat = join(root, 'native');
const out = process.env.VREASON_NATIVE_OUT || join(nat, 'build', 'vreason_engine.node');

/** The per-instruction-set translation units for an architecture, with their flags; `required` ones must compile. */
function isaUnits(arch) {
  const generic = { isa: 'generic', file: 'isa_generic.cc', flags: [], required: true };
  if (arch === 'x64') {
    return [
      generic,
      { isa: 'avx2', file: 'isa_avx2.cc', flags: ['-mavx2', '-mfma'], required: false },
      {
        isa: 'avx512',
        file: 'isa_avx512.cc',
        flags: ['-mavx512f', '-mavx512vl', '-mavx512dq', '-mavx2', '-mfma', '-mprefer-vector-width=512'],
        required: false,
      },
    ];
  }
  if (arch === 'arm64') return [generic, { isa: 'neon', file: 'isa_neon.cc', flags: [], required: false }];
  return [generic];
}

function headerDir() {
  try {
    // node-api-headers is a devDependency; a production install falls back to Node's own headers.
    return createRequire(import.meta.url)('node-api-headers').include_dir;
  } catch {
    const own = join(dirname(process.execPath), '..', 'include', 'node');
    return existsSync(join(own, 'node_api.h')) ? own : null;
  }
}

/** Run the compiler; resolves { ok, err } (err: the first error line), or { missing } when it cannot start. */
function cc(cxx, args) {
  return new Promise((resolve) => {
    let stderr = '';
    let settled = false;
    const p = spawn(cxx, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => p.kill('SIGKILL'), 300_000);
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', (e) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ok: false, missing: e.message });
    });
    p.on('close', (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const err = stderr.split('\n').find((l) => l.includes('error')) ?? `exit ${code}`;
      resolve({ ok: code === 0, err: err.trim() });
    });
  });
}

/** Two compiles at a time (the machines this runs on often have two cores). */
async function pool(jobs, width = 2) {
  const results = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]();
      }
    }),
  );
  return results;
}

async function attempt(cxx, include, units, openmp, dir) {
  const common = [
    '-O3',
    '-std=c++17',
    '-fPIC',
    '-fno-math-errno',
    '-ffp-contract=fast',
    ...(openmp ? ['-fopenmp'] : []),
  ];
  const objs = [
    ...units.map((u) => ({ ...u, src: join(nat, u.file) })),
    { isa: 'glue', src: join(nat, 'engine.cc'), flags: [`-I${include}`], required: true },
  ];
  const res = await pool(
    objs.map((o) => () => cc(cxx, [...common, ...o.flags, '-c', o.src, '-o', join(dir, `${o.isa}.o`)])),
  );
  const missing = res.find((r) => r.missing);
  if (missing) return { missing: missing.missing };
  const failed = objs.filter((o, i) => !res[i].ok);
  const fatal = failed.find((o) => o.required);
  if (fatal) return { error: res[objs.indexOf(fatal)].err };
  const built = objs.filter((o, i) => res[i].ok);
  const tmp = `${out}.tmp-${process.pid}`;
  const link = await cc(cxx, [
    '-shared',
    ...(openmp ? ['-fopenmp'] : []),
    ...built.map((o) => join(dir, `${o.isa}.o`)),
    '-o',
    tmp,
  ]);
  if (!link.ok) return { error: link.err };
  const selftest = process.env.VREASON_NATIVE_SELFTEST;
  if (selftest) {
    const isaObjs = built.filter((o) => o.isa !== 'glue').map((o) => join(dir, `${o.isa}.o`));
    // -O1: the reference loops need no speed (and GCC 12's aarch64 vectoriser crashes on them at -O3).
    const st = await cc(cxx, ['-O1', ...common.slice(1), join(nat, 'selftest.cc'), ...isaObjs, '-o', selftest]);
    if (!st.ok) return { error: `selftest: ${st.err}` };
  }
  renameSync(tmp, out);
  const dropped = failed.map((o) => `${o.isa}: ${res[objs.indexOf(o)].err}`);
  return { tables: built.filter((o) => o.isa !== 'glue').map((o) => o.isa), dropped };
}

async function build() {
  if (process.env.VREASON_SKIP_NATIVE)
    return 'skipped (VREASON_SKIP_NATIVE is set); the engine will use its JS kernels';
  const include = headerDir();
  if (!include) return 'no Node-API headers found; the engine will use its JS kernels';
  const cxx = process.env.CXX || 'g++';
  const arch = process.env.VREASON_NATIVE_ARCH || process.arch;
  const only = process.env.VREASON_NATIVE_ISAS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const units = isaUnits(arch).filter((u) => u.required || !only || only.includes(u.isa));
  mkdirSync(dirname(out), { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'vreason-native-'));
  try {
    let last = '';
    // Without OpenMP the kernels still work, single-threaded.
    for (const openmp of [true, false]) {
      const r = await attempt(cxx, include, units, openmp, dir);
      if (r.missing) return `no C++ compiler (${cxx}: ${r.missing}); the engine will use its JS kernels`;
      if (r.tables) {
        const note = r.dropped.length ? `; left out ${r.dropped.join('; ')}` : '';
        return `built ${out} (${arch}, kernels: ${r.tables.join(', ')}${openmp ? ', OpenMP' : ', no OpenMP'})${note}`;
      }
      last = r.error;
    }
    return `native build failed (${last}); the engine will use its JS kernels`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${out}.tmp-${process.pid}`, { force: true });
  }
}

let msg;
try {
  msg = await build();
} catch (e) {
  msg = `native build failed (${e instanceof Error ? e.message : String(e)}); the engine will use its JS kernels`;
}
console.log(`vreason engine: ${msg}`);
process.exit(0);
