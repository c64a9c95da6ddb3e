/** Run `worker` over `items` with at most `concurrency` in flight; stops taking new work once `stop()` is called. */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const lane = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const i = next++;
      try {
        await worker(items[i] as T, i);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (failure !== null) throw failure;
}

/** Counting semaphore: bounds CPU-heavy work (ffmpeg) separately from network concurrency. */
export class Semaphore {
  private waiters: (() => void)[] = [];
  constructor(private free: number) {}

  async use<R>(fn: () => Promise<R>): Promise<R> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiters.push(r));
    try {
      return await fn();
    } finally {
      const w = this.waiters.shift();
      if (w) w();
      else this.free++;
    }
  }
}

/**
 * `runPool` for items that share a prefix with others of their group (a video's requests): the
 * first item of each group goes out alone, and the rest of its group wait until it has finished,
 * then go before any new group. Meanwhile the lanes take the first items of other groups. A
 * server's prefix cache computes a group's shared prefix once: requests sent together would each
 * compute it (the cache holds a prefix only once its computation ends). Items with no group
 * (`groupOf` → null) never wait. Each item runs once, in list order among those ready; stops
 * taking new work after the first failure, like runPool.
 */
export async function runGrouped<T>(
  items: readonly T[],
  concurrency: number,
  groupOf: (item: T) => string | null,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  // Ready in list order: group leaders and ungrouped items; followers wait in `held`.
  const ready: number[] = [];
  const held = new Map<string, number[]>();
  items.forEach((item, i) => {
    const g = groupOf(item);
    if (g === null) return void ready.push(i);
    const h = held.get(g);
    if (h) h.push(i);
    else {
      held.set(g, []);
      ready.push(i);
    }
  });
  const released: number[] = [];
  let nextReady = 0;
  let nextReleased = 0;
  let running = 0;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const take = (): number | null => {
    if (nextReleased < released.length) return released[nextReleased++]!;
    if (nextReady < ready.length) return ready[nextReady++]!;
    return null;
  };
  const lane = async (): Promise<void> => {
    while (failure === null) {
      const i = take();
      if (i === null) {
        // Nothing ready: done when nothing runs either, else wait for a group's first item to finish.
        if (running === 0) return;
        await new Promise<void>((r) => {
          const prev = wake;
          wake = () => {
            prev?.();
            r();
          };
        });
        continue;
      }
      running++;
      const g = groupOf(items[i] as T);
      try {
        await worker(items[i] as T, i);
      } catch (e) {
        failure ??= e;
      } finally {
        running--;
        const followers = g === null ? undefined : held.get(g);
        if (followers) {
          held.delete(g as string);
          released.push(...followers);
        }
        const w = wake;
        wake = null;
        w?.();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (failure !== null) throw failure;
}
