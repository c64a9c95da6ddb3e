/**
 * Learning rate at a step (1-based): linear warmup to `peak` over `warmup` steps, then a cosine
 * decay to `min` at `total` — the nanoGPT schedule. Warmup keeps AdamW's first updates, made with
 * second-moment estimates from a handful of gradients, from throwing the fresh model off.
 */
export function cosineLr(step: number, o: { peak: number; min: number; warmup: number; total: number }): number {
  if (step <= o.warmup) return (o.peak * step) / Math.max(1, o.warmup);
  const progress = Math.min(1, (step - o.warmup) / Math.max(1, o.total - o.warmup));
  return o.min + 0.5 * (o.peak - o.min) * (1 + Math.cos(Math.PI * progress));
}
