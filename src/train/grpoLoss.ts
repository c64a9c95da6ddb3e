/**
 * The GRPO policy loss of one sampled sequence (SPEC §2, one inner step):
 *
 *     loss_t = −exp(logπ_t − stopgrad logπ_t)·A + β·k3_t,   k3_t = eˣ − x − 1,
 *     x = clamp(logπ_ref,t − logπ_t, −10, 10),
 *
 * averaged over the sequence's completion tokens (through its EOS), then over the sequences of
 * the step. The ratio is 1 in value, so the gradient with respect to logπ_t is
 *
 *     g_t = (−A + β·(1 − eˣ)) / n_tokens      (the k3 term's is 0 where the clamp binds),
 *
 * and the whole loss is implemented as a cross-entropy over the completion tokens with
 * per-token weights −g_t / n_sequences (CE_t = −logπ_t). The value reported is the mean of
 * −A·logπ_t + β·k3_t, a function with exactly that gradient.
 */

/** x is clamped to ±KL_CLAMP before k3, as in SPEC §2. */
export const KL_CLAMP = 10;

export interface TokenTerms {
  /** Token mean of −A·logπ_t + β·k3_t. */
  loss: number;
  /** Token mean of k3_t (an estimate of KL(π‖π_ref)). */
  kl: number;
  /** ∂(token-mean loss)/∂logπ_t for each completion token. */
  dLogp: Float64Array;
}

export function tokenTerms(
  logp: ArrayLike<number>,
  refLogp: ArrayLike<number>,
  advantage: number,
  beta: number,
): TokenTerms {
  const n = logp.length;
  if (refLogp.length !== n) throw new Error(`tokenTerms: ${n} log-probabilities but ${refLogp.length} reference ones`);
  const dLogp = new Float64Array(n);
  let loss = 0;
  let kl = 0;
  for (let t = 0; t < n; t++) {
    const raw = refLogp[t]! - logp[t]!;
    const x = Math.min(KL_CLAMP, Math.max(-KL_CLAMP, raw));
    const ex = Math.exp(x);
    const k3 = ex - x - 1;
    kl += k3;
    loss += -advantage * logp[t]! + beta * k3;
    const clamped = raw !== x;
    dLogp[t] = (-advantage + (clamped ? 0 : beta * (1 - ex))) / n;
  }
  return { loss: n ? loss / n : 0, kl: n ? kl / n : 0, dLogp };
}

/** Entropy (nats) of softmax over each listed row of `logits` ([rows, V], row-major). */
export function rowEntropies(logits: Float32Array, V: number, rows: readonly number[]): number[] {
  return rows.map((r) => {
    const o = r * V;
    let mx = -Infinity;
    for (let j = 0; j < V; j++) mx = Math.max(mx, logits[o + j]!);
    let z = 0;
    let zl = 0;
    for (let j = 0; j < V; j++) {
      const l = logits[o + j]! - mx;
      const e = Math.exp(l);
      z += e;
      zl += e * l;
    }
    return Math.log(z) - zl / z;
  });
}
