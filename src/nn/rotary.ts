/**
 * Rotary position embedding (RoPE; Su et al. 2021, "RoFormer"), applied to the queries and keys of
 * a packed qkv projection. Each head's vector is split in halves (x1, x2) and the pair
 * (x1[i], x2[i]) is rotated by pos·θᵢ with θᵢ = base^(−2i/headDim), so a query–key dot product
 * depends on the two positions only through their distance.
 *
 * Why the decoder has it: the lecture answers copy from their prompt (the rule sentence, the
 * options), and where the copied text sits varies with the number of frame tokens and the
 * question's length. With learned absolute position embeddings alone, a 4-layer model learned to
 * walk the options only when they sat at fixed positions; "attend to the token two back" is one
 * fixed rotation under RoPE. In the toy (experiments/curriculum/copy-toy.mjs, experiments/curriculum/notes.md) RoPE
 * alone did not get the walk going in 2 000 steps; with previous-token features (model.ts) it did best of all.
 */

const BASE = 10000;
const tables = new Map<string, { cos: Float32Array; sin: Float32Array }>();

/** cos/sin of pos·θᵢ for positions [0, maxLen) and i < headDim/2, [maxLen, headDim/2], cached. */
function table(maxLen: number, headDim: number): { cos: Float32Array; sin: Float32Array } {
  const key = `${maxLen}:${headDim}`;
  let t = tables.get(key);
  if (!t) {
    const half = headDim / 2;
    const cos = new Float32Array(maxLen * half);
    const sin = new Float32Array(maxLen * half);
    for (let p = 0; p < maxLen; p++)
      for (let i = 0; i < half; i++) {
        const a = p * BASE ** ((-2 * i) / headDim);
        cos[p * half + i] = Math.cos(a);
        sin[p * half + i] = Math.sin(a);
      }
    t = { cos, sin };
    tables.set(key, t);
  }
  return t;
}

/**
 * Rotate in place the queries and keys of `rows` rows of a packed [rows, 3·D] qkv buffer (from
 * `offset`), row r sitting at position `positionOf(r)`; `sign` −1 rotates back (the backward pass).
 */
export function rotateQK(
  qkv: Float32Array,
  rows: number,
  D: number,
  nHeads: number,
  positionOf: (r: number) => number,
  sign: 1 | -1 = 1,
  offset = 0,
): void {
  const hd = D / nHeads;
  const half = hd / 2;
  if (!Number.isInteger(half)) throw new Error('rotary embedding needs an even head dimension');
  let maxPos = 0;
  for (let r = 0; r < rows; r++) maxPos = Math.max(maxPos, positionOf(r));
  const { cos, sin } = table(Math.max(64, 2 ** Math.ceil(Math.log2(maxPos + 1))), hd);
  for (let r = 0; r < rows; r++) {
    const p = positionOf(r) * half;
    const rowAt = offset + r * 3 * D;
    for (let part = 0; part < 2; part++)
      for (let h = 0; h < nHeads; h++) {
        const o = rowAt + part * D + h * hd;
        for (let i = 0; i < half; i++) {
          const c = cos[p + i]!;
          const s = sign * sin[p + i]!;
          const x1 = qkv[o + i]!;
          const x2 = qkv[o + half + i]!;
          qkv[o + i] = x1 * c - x2 * s;
          qkv[o + half + i] = x1 * s + x2 * c;
        }
      }
  }
}
