/**
 * The request queue in front of the model. Up to `maxBatch` sequences decode together; every
 * step advances all of them by one token in one batched pass (src/nn/generate.ts `Decoder`), and
 * requests that arrived since the last step are prefilled in that same pass (continuous batching).
 * Beyond `maxBatch`, requests wait in a queue of at most `maxQueue`; past that, submit() refuses
 * (the server answers 503 with Retry-After). Steps run on the event loop, one per macrotask, so
 * HTTP I/O (new requests, streamed tokens, disconnects) is served between them.
 */
import { Decoder, type FinishReason, type Prompt, type Sequence } from '../nn/generate.js';
import type { VideoLM } from '../nn/model.js';
import type { Rng } from '../nn/random.js';

export interface JobOptions {
  maxTokens: number;
  temperature: number;
  topP: number;
  eos: number;
  rng: Rng;
  /** Called with each generated token as soon as it exists (streaming). */
  onToken?: (token: number) => void;
  /** Called with the raw logits each generated token was sampled from (logprobs), before onToken. */
  onLogits?: (logits: Float32Array, token: number) => void;
  /** When aborted (the client went away) the sequence is dropped at the next step. */
  signal?: AbortSignal;
}

export interface JobResult {
  tokens: number[];
  finish: FinishReason;
}

export class QueueFull extends Error {}

interface Job {
  prompt: Prompt;
  o: JobOptions;
  seq: Sequence | null;
  /** Tokens already handed to onToken. */
  sent: number;
  resolve: (r: JobResult) => void;
  reject: (e: unknown) => void;
}

export interface SchedulerStats {
  requests_completed: number;
  requests_failed: number;
  generated_tokens: number;
  steps: number;
  /** Sequences per decoder pass: how many requests shared each forward pass. */
  batch_size_histogram: Record<string, number>;
  max_batch_size: number;
  mean_batch_size: number;
  running: number;
  queued: number;
  max_batch: number;
  max_queue: number;
}

export class Scheduler {
  private readonly decoder: Decoder;
  private readonly queue: Job[] = [];
  private running: Job[] = [];
  private loop: Promise<void> | null = null;
  private readonly hist = new Map<number, number>();
  private completed = 0;
  private failed = 0;
  private tokens = 0;
  private steps = 0;
  private stepRows = 0;

  constructor(
    readonly model: VideoLM,
    readonly maxBatch: number,
    readonly maxQueue: number,
  ) {
    this.decoder = new Decoder(model);
  }

  /** Requests admitted and not finished. */
  get load(): number {
    return this.queue.length + this.running.length;
  }

  /** Queue a generation; throws QueueFull when the queue is at its bound. */
  submit(prompt: Prompt, o: JobOptions): Promise<JobResult> {
    if (this.load >= this.maxBatch + this.maxQueue)
      throw new QueueFull(`queue full (${this.maxQueue} waiting, ${this.maxBatch} running)`);
    return new Promise<JobResult>((resolve, reject) => {
      this.queue.push({ prompt, o, seq: null, sent: 0, resolve, reject });
      this.loop ??= this.run().finally(() => (this.loop = null));
    });
  }

  /** Resolves when nothing is running or queued. */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  stats(): SchedulerStats {
    const maxB = Math.max(0, ...this.hist.keys());
    return {
      requests_completed: this.completed,
      requests_failed: this.failed,
      generated_tokens: this.tokens,
      steps: this.steps,
      batch_size_histogram: Object.fromEntries(
        [...this.hist.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v]),
      ),
      max_batch_size: maxB,
      mean_batch_size: this.steps ? this.stepRows / this.steps : 0,
      running: this.running.length,
      queued: this.queue.length,
      max_batch: this.maxBatch,
      max_queue: this.maxQueue,
    };
  }

  private async run(): Promise<void> {
    while (this.queue.length || this.running.length) {
      // Yield first: requests that arrive together are all queued before the pass that prefills them.
      await new Promise<void>((r) => setImmediate(r));
      while (this.running.length < this.maxBatch && this.queue.length) {
        const job = this.queue.shift()!;
        job.seq = this.decoder.add(
          job.prompt,
          {
            maxTokens: job.o.maxTokens,
            temperature: job.o.temperature,
            topP: job.o.topP,
            eos: job.o.eos,
            onLogits: job.o.onLogits,
          },
          job.o.rng,
        );
        this.running.push(job);
      }
      for (const j of this.running) if (j.o.signal?.aborted && !j.seq!.done) j.seq!.finish = 'stop';
      const live = this.running.filter((j) => !j.seq!.done).length;
      try {
        this.decoder.step();
      } catch (e) {
        // A failed pass poisons every sequence in it (their caches are half-written).
        for (const j of this.running) {
          this.failed++;
          j.reject(e);
        }
        this.running = [];
        this.decoder.clear();
        continue;
      }
      if (live) {
        this.steps++;
        this.stepRows += live;
        this.hist.set(live, (this.hist.get(live) ?? 0) + 1);
      }
      for (const j of this.running) {
        const out = j.seq!.out;
        for (; j.sent < out.length; j.sent++) {
          this.tokens++;
          j.o.onToken?.(out[j.sent]!);
        }
      }
      this.running = this.running.filter((j) => {
        if (!j.seq!.done) return true;
        this.completed++;
        j.resolve({ tokens: j.seq!.out, finish: j.seq!.finish! });
        return false;
      });
    }
  }
}
