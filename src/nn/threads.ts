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
 * OpenMP settings to add to the environment before the addon loads (it reads them once, then).
 * The user's own OMP_WAIT_POLICY / GOMP_SPINCOUNT win; otherwise waiting threads sleep at once.
 */
export function ompDefaults(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  if (env.OMP_WAIT_POLICY || env.GOMP_SPINCOUNT) return {};
  return { OMP_WAIT_POLICY: 'passive' };
}

/** Apply `ompDefaults` to a (process) environment. */
export function applyOmpDefaults(env: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(ompDefaults(env))) env[k] = v;
}
