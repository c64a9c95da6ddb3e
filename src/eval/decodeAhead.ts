/**
 * Decode-ahead: sample the frames of the videos the run will ask about next while the servers
 * answer the current ones. A lane that takes a video nobody has decoded yet must decode it before
 * it can send anything, and the server slot it just freed sits idle meanwhile (every other lane is
 * waiting on an answer or decoding too); with the next videos already in the frame cache the lane
 * sends at once. One decode at a time, at most `depth` videos ahead of the furthest one a lane has
 * taken, so it neither races the lanes for the CPU nor fills the frame cache with what is far off.
 * Failures are left to the frame cache, which hands the same error to the request itself.
 */
export class DecodeAhead {
  /** Index (in the run's order) of the first request of each video, ascending, and its decode. */
  private readonly videos: { first: number; decode: () => Promise<unknown> }[];
  private furthest = -1;
  private next = 0;
  private stopped = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  /** Videos decoded here before a lane asked for them. */
  done = 0;

  constructor(
    videos: readonly { first: number; decode: () => Promise<unknown> }[],
    private readonly depth: number,
  ) {
    this.videos = [...videos].sort((a, b) => a.first - b.first);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** A lane took request `index`: the window moves on. */
  taken(index: number): void {
    if (index <= this.furthest) return;
    this.furthest = index;
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Stop after the decode in progress (awaited). */
  async stop(): Promise<void> {
    this.stopped = true;
    const w = this.wake;
    this.wake = null;
    w?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped && this.next < this.videos.length) {
      // Videos whose first request a lane has already taken: the lane decodes those itself.
      let reached = 0;
      while (reached < this.videos.length && this.videos[reached]!.first <= this.furthest) reached++;
      if (this.next < reached) {
        this.next = reached;
        continue;
      }
      if (this.next >= reached + this.depth) {
        await new Promise<void>((r) => (this.wake = r));
        continue;
      }
      const v = this.videos[this.next++]!;
      try {
        await v.decode();
        this.done++;
      } catch {
        /* the frame cache keeps the failure for the request */
      }
    }
  }
}
