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
