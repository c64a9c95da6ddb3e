/**
 * OpenAI's chat logprobs (`choices[i].logprobs.content[]`: token, logprob, bytes, top_logprobs)
 * from the logits a token was sampled from. Log-probabilities are those of the model's raw
 * distribution (log-softmax of the logits, before temperature and top-p), as vLLM reports by
 * default, so they do not depend on the sampling settings.
 */
import type { Tokenizer } from '../nn/tokenizer.js';

export interface TopLogprob {
  token: string;
  logprob: number;
  bytes: number[];
}

export interface TokenLogprob extends TopLogprob {
  top_logprobs: TopLogprob[];
}

/** A token's text and UTF-8 bytes. A lone non-ASCII byte is not text: it reads `bytes:\xNN`. */
export function tokenText(tok: Tokenizer, id: number): { token: string; bytes: number[] } {
  if (id >= 0 && id < 256) {
    return { token: id < 0x80 ? String.fromCharCode(id) : `bytes:\\x${id.toString(16).padStart(2, '0')}`, bytes: [id] };
  }
  const special = id === tok.eos ? '<|eos|>' : id === tok.bos ? '<|bos|>' : id === tok.pad ? '<|pad|>' : null;
  const token = special ?? tok.decode([id]);
  return { token, bytes: [...Buffer.from(token, 'utf8')] };
}

/** The logprob of `token` and the `k` most likely tokens (most likely first) under `logits`. */
export function tokenLogprob(tok: Tokenizer, logits: Float32Array, token: number, k: number): TokenLogprob {
  let mx = -Infinity;
  for (const l of logits) if (l > mx) mx = l;
  let sum = 0;
  for (const l of logits) sum += Math.exp(l - mx);
  const logZ = mx + Math.log(sum);
  const best: number[] = []; // ids, by descending logit (ties: lower id first)
  if (k > 0) {
    for (let i = 0; i < logits.length; i++) {
      const l = logits[i]!;
      if (best.length === k && l <= logits[best[k - 1]!]!) continue;
      let at = best.length;
      while (at > 0 && logits[best[at - 1]!]! < l) at--;
      best.splice(at, 0, i);
      if (best.length > k) best.pop();
    }
  }
  const entry = (id: number): TopLogprob => ({ ...tokenText(tok, id), logprob: logits[id]! - logZ });
  return { ...entry(token), top_logprobs: best.map(entry) };
}
