/**
 * A released model: the checkpoint a curriculum produced (weights, config with the tokenizer), its
 * measured held-out numbers and a manifest that says how it was made — the command, the seeds, the
 * vreason version and commit, the training world's generator settings and hash, the training time
 * and machine — with the SHA-256 of every file, so `verifyRelease` can tell a released folder from
 * an edited one.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeJsonAtomic, writeTextAtomic } from '../core/atomicWrite.js';
import { sha256 } from '../core/hash.js';
import { engineInfo } from '../nn/engine.js';
import { VideoLM } from '../nn/model.js';
import { pct } from '../report/format.js';
import { DEFAULT_CONFIG } from '../synth/plan.js';
import type { AccuracyStat } from '../metrics/accuracy.js';
import type { Results } from '../tasks/videommmu/results.js';
import type { Curriculum, CurriculumProgress } from '../train/curriculum.js';
import { stageCommand } from '../train/curriculum.js';
import { VERSION } from '../version.js';
import { evaluateCheckpoint } from './evalCheckpoint.js';
import { ensureWorld, heldoutConfig } from './world.js';

/** The files a release folder holds besides its manifest. */
export const RELEASE_FILES = ['config.json', 'model.safetensors'] as const;

export interface HeldoutSpec {
  videos: number;
  seed: number;
}

/** A world no stage trained on: other seed, every video in the test split. */
export const HELDOUT: HeldoutSpec = { videos: 300, seed: 11 };

interface Interval {
  value: number | null;
  ci95: [number, number] | null;
  n: number;
}

export interface HeldoutNumbers {
  world: HeldoutSpec & { annotations_sha256: string };
  videommmu: {
    tracks: Record<string, Interval>;
    /** Adaptation without the video. */
    before: Interval;
    delta_knowledge: Interval;
    frequent_choice: Record<string, number>;
  };
  /** The held-out world's synthetic Video-R1 records: mean score, answers with an <answer> tag, the shuffle probe. */
  synth?: {
    score: number | null;
    n: number;
    answer_tag_rate: number;
    probe: { ordered: number | null; shuffled: number | null } | null;
  };
}

export interface ReleaseManifest {
  name: string;
  format: 'vreason-release/1';
  command: string;
  curriculum: {
    name: string;
    world: Curriculum['world'] & { annotations_sha256: string; generator: typeof DEFAULT_CONFIG };
    stages: { name: string; steps: number; seconds: number; command: string }[];
  };
  vreason: { version: string; commit: string | null; dirty: boolean | null };
  training: { seconds: number; cpu: string; cpus: number; engine: string; isa?: string; threads: number };
  parameters: number;
  heldout: HeldoutNumbers;
  files: Record<string, { sha256: string; bytes: number }>;
  created: string;
}

/**
 * SHA-256 over a generated world's annotations and metadata (every .json/.jsonl file, by relative
 * path): the same generator settings and code give the same hash; the encoded media are left out
 * because encoder builds may differ byte for byte while showing the same frames.
 */
export function annotationsHash(dir: string): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.jsonl?$/.test(f)) files.push(p);
    }
  };
  walk(dir);
  const lines = files.map((p) => `${relative(dir, p)} ${sha256(readFileSync(p))}`);
  return sha256(lines.join('\n'));
}

function gitCommit(): { commit: string | null; dirty: boolean | null } {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: root,
      encoding: 'utf8',
    });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}

const interval = (x: AccuracyStat): Interval => ({
  value: x.accuracy,
  ci95: x.ci95,
  n: x.n,
});

/** The manifest's held-out section from a Video-MMMU results.json (and the synth suite's, if run). */
export function heldoutNumbers(
  world: HeldoutNumbers['world'],
  r: Results,
  synth?: HeldoutNumbers['synth'],
): HeldoutNumbers {
  const dk = r.delta_knowledge;
  if (dk.value === null || !dk.ci95 || !r.before)
    throw new Error('the held-out evaluation needs both conditions (Δknowledge)');
  const tracks = Object.fromEntries(Object.entries(r.tracks).map(([k, v]) => [k, interval(v)]));
  const frequent = Object.fromEntries(
    Object.entries(r.baselines?.by_track ?? {}).map(([k, v]) => [k, (v as { frequent: number }).frequent]),
  );
  return {
    world,
    videommmu: {
      tracks,
      before: interval(r.before),
      delta_knowledge: { value: dk.value, ci95: [dk.ci95[0], dk.ci95[1]], n: dk.n },
      frequent_choice: frequent,
    },
    ...(synth ? { synth } : {}),
  };
}

export interface ReleaseOptions {
  curriculum: Curriculum;
  progress: CurriculumProgress;
  /** The curriculum folder (`world/`, `stages/`); the held-out world and its evaluation go beside them. */
  run: string;
  checkpoint: string;
  /** The release folder, e.g. models/vreason-tiny. */
  to: string;
  command: string;
  heldout?: HeldoutSpec;
  /** Synthetic Video-R1 records of the held-out world to evaluate (with the shuffle probe); 0: none. */
  synthLimit?: number;
  /** New tokens per answer in the held-out evaluation (defaults: 384 each, room for a chain of thought). */
  maxTokens?: { videommmu?: number; synth?: number };
  log?: (line: string) => void;
  progressStream?: NodeJS.WriteStream | null;
}

export async function releaseModel(o: ReleaseOptions): Promise<ReleaseManifest> {
  const log = o.log ?? (() => {});
  const h = o.heldout ?? HELDOUT;
  const c = o.curriculum;
  const worldDir = join(o.run, 'heldout-world');
  log(`held-out world: ${h.videos} videos, seed ${h.seed}, all test → ${worldDir}`);
  await ensureWorld(worldDir, heldoutConfig(h.seed, h.videos), log);
  log(`evaluating ${o.checkpoint} on it through vreason serve`);
  const ev = await evaluateCheckpoint({
    checkpoint: o.checkpoint,
    data: worldDir,
    split: 'test',
    out: join(o.run, 'heldout-eval'),
    modelName: c.name,
    synthLimit: o.synthLimit ?? 200,
    videommmuMaxTokens: o.maxTokens?.videommmu,
    maxTokens: o.maxTokens?.synth,
    seed: 0,
    progress: o.progressStream,
  });
  const sb = ev.synth.results.benchmarks.synth;
  const synthNumbers = sb
    ? {
        score: sb.score.mean,
        n: sb.score.n,
        answer_tag_rate: sb.score.n ? 1 - sb.no_answer_tag / sb.score.n : 0,
        probe: sb.probe ? { ordered: sb.probe.ordered.mean, shuffled: sb.probe.shuffled.mean } : null,
      }
    : undefined;
  const worldHash = annotationsHash(worldDir);
  const heldout = heldoutNumbers({ ...h, annotations_sha256: worldHash }, ev.videommmu.results, synthNumbers);

  mkdirSync(o.to, { recursive: true });
  for (const f of RELEASE_FILES) copyFileSync(join(o.checkpoint, f), join(o.to, f));
  const files = Object.fromEntries(
    RELEASE_FILES.map((f) => {
      const b = readFileSync(join(o.to, f));
      return [f, { sha256: sha256(b), bytes: b.length }];
    }),
  );
  const e = engineInfo();
  const cfg = JSON.parse(readFileSync(join(o.to, 'config.json'), 'utf8')) as { model: unknown };
  const manifest: ReleaseManifest = {
    name: c.name,
    format: 'vreason-release/1',
    command: o.command,
    curriculum: {
      name: c.name,
      world: {
        ...c.world,
        annotations_sha256: annotationsHash(join(o.run, 'world')),
        generator: { ...DEFAULT_CONFIG, seed: c.world.seed, videos: c.world.videos },
      },
      stages: c.stages.map((s, i) => ({
        name: s.name,
        steps: o.progress.stages[i]!.steps,
        seconds: Math.round(o.progress.stages[i]!.seconds),
        command: stageCommand(c, i, { data: '<out>/world', out: '<out>' }),
      })),
    },
    vreason: { version: VERSION, ...gitCommit() },
    training: {
      seconds: Math.round(o.progress.stages.reduce((n, s) => n + s.seconds, 0)),
      cpu: cpus()[0]?.model ?? 'unknown',
      cpus: cpus().length,
      engine: e.backend,
      isa: e.isa,
      threads: e.threads,
    },
    parameters: new VideoLM(cfg.model as ConstructorParameters<typeof VideoLM>[0]).numParams(),
    heldout,
    files,
    created: new Date().toISOString(),
  };
  writeJsonAtomic(join(o.to, 'manifest.json'), manifest);
  writeTextAtomic(join(o.to, 'README.md'), modelCard(manifest));
  log(`released ${o.to}`);
  return manifest;
}

const ci = (c: [number, number] | null, f: (x: number) => string) => (c ? `[${f(c[0])}, ${f(c[1])}]` : '');

/** The release folder's README, written from the manifest (nothing typed in by hand). */
const stageLine = (s: ReleaseManifest['curriculum']['stages'][number], i: number): string =>
  `${i + 1}. ${s.name}: ${s.steps} steps, ${Math.round(s.seconds / 60)} min`;

export function modelCard(m: ReleaseManifest): string {
  const v = m.heldout.videommmu;
  const rows = Object.entries(v.tracks).map(
    ([k, t]) => `| ${k} | ${pct(t.value)} ${ci(t.ci95, pct)} | ${pct(v.frequent_choice[k])} | ${t.n} |`,
  );
  const dk = v.delta_knowledge;
  const hours = (m.training.seconds / 3600).toFixed(1);
  return (
    `# ${m.name}

The embedded video-language model of vreason: ${(m.parameters / 1e6).toFixed(2)} M parameters, trained by
\`${m.command}\` (vreason ${m.vreason.version}, commit ${m.vreason.commit ?? 'unknown'}) in ${hours} h on
${m.training.cpus} × ${m.training.cpu} (${m.training.engine} engine${m.training.isa ? `, ${m.training.isa}` : ''}).
Written by the release step from manifest.json; every number below is measured, none typed in.

Held-out world: ${m.heldout.world.videos} lectures never trained on (seed ${m.heldout.world.seed}), Video-MMMU
prompts and scoring, served by \`vreason serve\`:

| track | accuracy [95% CI] | frequent choice | n |
|---|---|---|---:|
${rows.join('\n')}

Δknowledge ${dk.value?.toFixed(1)}% ${ci(dk.ci95, (x) => `${x.toFixed(1)}%`)} (Adaptation ${pct(v.before.value)} ` +
    `without the video,
${pct(v.tracks.Adaptation?.value)} with it; n = ${dk.n}).

Stages (${m.curriculum.stages.length}):
${m.curriculum.stages.map(stageLine).join('\n')}
`
  );
}

/** Problems of a release folder (missing files, hash or size mismatches); empty when it is intact. */
export function verifyRelease(dir: string): string[] {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return [`${path}: missing`];
  const m = JSON.parse(readFileSync(path, 'utf8')) as ReleaseManifest;
  const problems: string[] = [];
  if (m.format !== 'vreason-release/1') problems.push(`${path}: format is ${String(m.format)}`);
  for (const f of RELEASE_FILES) {
    const want = m.files?.[f];
    const p = join(dir, f);
    if (!want) problems.push(`${path}: files.${f} is missing`);
    else if (!existsSync(p)) problems.push(`${p}: missing`);
    else {
      const b = readFileSync(p);
      if (b.length !== want.bytes) problems.push(`${p}: ${b.length} bytes, the manifest says ${want.bytes}`);
      else if (sha256(b) !== want.sha256) problems.push(`${p}: SHA-256 differs from the manifest`);
    }
  }
  return problems;
}

/** Lines comparing a re-run's release with a committed one: weights, then each held-out number. */
export function compareReleases(committed: ReleaseManifest, rerun: ReleaseManifest): string[] {
  const same = committed.files['model.safetensors']?.sha256 === rerun.files['model.safetensors']?.sha256;
  const lines = [`weights: ${same ? 'bit-identical' : 'differ'} (model.safetensors SHA-256)`];
  const row = (what: string, a: Interval, b: Interval) =>
    lines.push(
      `${what}: committed ${a.value?.toFixed(4)} ${JSON.stringify(a.ci95)}, re-run ${b.value?.toFixed(4)} ` +
        `${JSON.stringify(b.ci95)}`,
    );
  for (const [k, t] of Object.entries(committed.heldout.videommmu.tracks)) {
    const r = rerun.heldout.videommmu.tracks[k];
    if (r) row(k, t, r);
  }
  row('Δknowledge', committed.heldout.videommmu.delta_knowledge, rerun.heldout.videommmu.delta_knowledge);
  lines.push(`training: committed ${committed.training.seconds} s, re-run ${rerun.training.seconds} s`);
  return lines;
}
