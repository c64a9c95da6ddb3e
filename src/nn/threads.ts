/**
 * How many threads the native kernels use, and how their OpenMP threads wait: pure functions of
 * their inputs (the environment, the CPUs this process may use), so the policy is testable without
 * timing anything. Measured in docs/engine.md ("Contention").
 *
 * The failure this guards against: OpenMP's default is to spin at every barrier for a while before
 * sleeping. When another process keeps one of two cores busy, a spinning thread burns the time
 * slice the busy core's working thread needs, and a 2-thread step became far slower than a
 * 1-thread one. Passive waiting (sleep on a futex at once) costs a few microseconds per barrier on
 * an idle machine and removes the collapse; the GEMM's row blocks are handed out dynamically, so a
 * thread on a shared core takes fewer of them instead of holding everyone up.
 */
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';

export interface ThreadChoice {
  threads: number;
  reason: string;
}

/**
 * The kernels' thread count: VREASON_THREADS when it is a positive integer, otherwise one per CPU
 * this process may run on (`os.availableParallelism()`: the affinity mask, so `taskset` is honoured).
 */
export function chooseThreads(inputs: { requested?: string | undefined; cpus: number }): ThreadChoice {
  const req = inputs.requested?.trim();
  if (req) {
    const n = Number(req);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`VREASON_THREADS must be a positive integer, not "${inputs.requested}"`);
    return { threads: n, reason: 'VREASON_THREADS' };
  }
  const cpus = Math.max(1, Math.floor(inputs.cpus));
  return { threads: cpus, reason: `one per usable CPU (${cpus})` };
}

/**
 * The thread count for the next kernels when the choice follows the load (no VREASON_THREADS):
 * one per CPU left after the other processes' measured use, never fewer than one. `othersBusy` is in
 * CPUs (1.0: one core fully used by someone else), measured over the last interval.
 */
export function threadsForLoad(cpus: number, othersBusy: number): number {
  const c = Math.max(1, Math.floor(cpus));
  if (!Number.isFinite(othersBusy) || othersBusy <= 0) return c;
  return Math.min(c, Math.max(1, Math.floor(c - othersBusy + 0.5)));
}

/**
 * Busy CPU time (seconds, all CPUs) from the first line of /proc/stat; null when it is not that
 * format. With `countNice` false, time of niced processes is left out: when this process runs at
 * normal priority the scheduler gives a niced job only what our threads leave, so it is no reason
 * to run fewer threads (a `nice -n 19` build beside training must not halve the training).
 */
export function parseProcStat(text: string, ticksPerSecond = 100, countNice = true): { busy: number } | null {
  const m = /^cpu\s+(.+)$/m.exec(text);
  if (!m) return null;
  const f = m[1]!.trim().split(/\s+/).map(Number);
  if (f.length < 4 || f.some((x) => !Number.isFinite(x))) return null;
  // user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy.
  const skip = (i: number) => i === 3 || i === 4 || i >= 8 || (i === 1 && !countNice);
  const busy = f.reduce((s, x, i) => (skip(i) ? s : s + x), 0);
  return { busy: busy / ticksPerSecond };
}

/**
 * Other processes' CPU use in CPUs between two samples: the machine's busy time minus this
 * process's own (its threads, spinning ones included), over the wall time.
 */
export function othersBusyCpus(prev: LoadSample, now: LoadSample): number {
  const wall = now.wall - prev.wall;
  if (wall <= 0) return 0;
  return Math.max(0, (now.busy - prev.busy - (now.own - prev.own)) / wall);
}

export interface LoadSample {
  /** Seconds: wall clock, the machine's busy CPU time, this process's CPU time. */
  wall: number;
  busy: number;
  own: number;
}

/**
 * OpenMP settings to add to the environment before the addon loads (it reads them once, then).
 * The user's own OMP_WAIT_POLICY / GOMP_SPINCOUNT win; otherwise waiting threads sleep at once.
 */
export function ompDefaults(
  env: Readonly<Record<string, string | undefined>>,
  loadVisible = true,
): Record<string, string> {
  if (env.OMP_WAIT_POLICY || env.GOMP_SPINCOUNT) return {};
  // A thread count that cannot follow the load (fixed by the user, or no /proc/stat) must not spin.
  if (env.VREASON_THREADS?.trim() || !loadVisible) return { OMP_WAIT_POLICY: 'passive' };
  return {};
}

/**
 * Whether niced processes' CPU time counts as load for this process. It does when this process is
 * niced itself (then they compete as equals), and under the kernel's autogroup scheduling
 * (/proc/sys/kernel/sched_autogroup_enabled, on by default in many desktop distributions): there
 * CPU time is shared between sessions first and nice only orders processes within one session, so
 * a `nice -n 19` job started from another terminal still takes its session's full share.
 */
export function niceCompetes(ownNiceValue: number, autogroup: boolean): boolean {
  return ownNiceValue > 0 || autogroup;
}

function autogroupEnabled(): boolean {
  try {
    return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
  } catch {
    return false;
  }
}

function ownNice(): number {
  try {
    return getPriority();
  } catch {
    return 0;
  }
}

/** A load sample of this machine now, or null where /proc/stat cannot be read (not Linux). */
export function sampleLoad(): LoadSample | null {
  let text: string;
  try {
    text = readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  const st = parseProcStat(text, 100, niceCompetes(ownNice(), autogroupEnabled()));
  if (!st) return null;
  const u = process.cpuUsage();
  return { wall: performance.now() / 1000, busy: st.busy, own: (u.user + u.system) / 1e6 };
}

/**
 * Re-choose the thread count from the load at most every `intervalS` seconds; `apply` is called
 * with the new count when it changes. Returns the function to call before heavy kernels.
 */
export function loadFollower(
  cpus: number,
  apply: (n: number) => void,
  intervalS = 0.5,
  sample = sampleLoad,
): () => void {
  let prev = sample();
  let current = cpus;
  if (!prev) return () => {};
  return () => {
    if (performance.now() / 1000 - prev!.wall < intervalS) return;
    const now = sample();
    if (!now) return;
    const want = threadsForLoad(cpus, othersBusyCpus(prev!, now));
    prev = now;
    if (want !== current) {
      current = want;
      apply(want);
    }
  };
}

/** Apply `ompDefaults` to a (process) environment. */
export function applyOmpDefaults(env: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(ompDefaults(env, sampleLoad() !== null))) env[k] = v;
}
