// The table of kernels one instruction-set build provides. native/kernels_impl.h is compiled once
// per instruction set (native/isa_*.cc, each with its own compiler flags), and native/engine.cc
// picks one table at load time from the CPU's features (or VREASON_ISA) and forwards every call.
#pragma once
#include <cstddef>
#include <cstdint>

// Row stride of a transposed decoder weight with n outputs: a multiple of 16 floats plus 16, so that rows never
// sit a multiple of 4 KiB apart (L1 set conflicts when a kernel walks down the rows) and every table's widest
// tile (up to 32 columns) can be loaded past the last output without leaving the array.
inline long vr_decode_ld(long n) { return (n + 15) / 16 * 16 + 16; }

// One decoder step of generation with a KV cache, for a batch of sequences (decode_step below).
struct VrDecode {
  int D, H, L, F, V;  // model width, heads, layers, MLP width, vocabulary
  int rope;           // rotary embedding on queries and keys
  // Per layer: ln1.w, ln1.b, qkv.w, qkv.b, proj.w, proj.b, ln2.w, ln2.b, fc.w, fc.b, out.w, out.b; then ln_f.w, ln_f.b, head.w.
  // The matrices (qkv, proj, fc, out, head) transposed: [in, out] with rows of vr_decode_ld(out) floats.
  const float* const* w;
  const float* x;  // [total, D] input embeddings of every new row, sequence after sequence
  int nseq;
  const int32_t* counts;  // new rows per sequence
  const int32_t* lens;    // positions already cached per sequence (its new rows sit at lens[s]..)
  const int32_t* caps;    // cache capacity (positions) per sequence
  float* const* cache;    // per sequence [L][2][cap][D]: keys then values of every layer
  float* logits;          // [nseq, V]: the logits of each sequence's last new row
};

struct VrIsa {
  const char* name;
  int mr, nr;  // SGEMM micro-tile: rows x columns of C held in registers
  int vector_bytes;
  // C = alpha*op(A)*op(B) + beta*C (+ bias[j] per column when bias; then gelu_out = gelu(C) when gelu_out).
  void (*gemm)(int ta, int tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb, float beta,
               float* C, int ldc, const float* bias, float* gelu_out);
  void (*gelu_fwd)(const float* x, float* y, size_t n);
  void (*gelu_bwd)(const float* x, const float* dy, float* dx, size_t n, int acc);
  void (*layernorm_fwd)(const float* x, const float* g, const float* b, float* y, float* mean, float* rstd, int rows, int cols,
                        float eps);
  void (*layernorm_bwd)(const float* x, const float* g, const float* mean, const float* rstd, const float* dy, float* dx, float* dg,
                        float* db, int rows, int cols, int acc);
  void (*softmax)(const float* x, float* y, int rows, int cols);
  void (*attn_fwd)(const float* qkv, float* out, float* P, int B, int T, int H, int hd, int causal);
  void (*attn_bwd)(const float* qkv, const float* P, const float* dout, float* dqkv, int B, int T, int H, int hd, int causal);
  void (*xent_fwd)(const float* logits, const int32_t* tgt, float* loss, int rows, int V);
  void (*xent_bwd)(const float* logits, const int32_t* tgt, float* dl, int rows, int V, float scale);
  void (*adamw)(float* w, const float* g, float* m, float* v, size_t n, float lr, float b1, float b2, float eps, float wd, float bc1,
                float bc2);
  // out[i] = a[i] + b[i % nb]
  void (*add)(const float* a, const float* b, float* out, size_t n, size_t nb);
  // dst[i] += src[i]
  void (*accumulate)(float* dst, const float* src, size_t n);
  // out[c] += sum_r g[r, c]
  void (*col_sum)(const float* g, float* out, int rows, int cols);
  // out[i, :] = table[ids[i], :] (zeros where ids[i] == -1); gt[ids[i], :] += g[i, :]
  void (*embed_fwd)(const float* table, const int32_t* ids, float* out, int n, int D);
  void (*embed_bwd)(const float* g, const int32_t* ids, float* gt, int n, int D);
  // Run every new row through all layers (appending keys and values to each sequence's cache), then ln_f and the head
  // on each sequence's last row: one parallel region for the whole step.
  void (*decode_step)(const VrDecode* a);
};

// Each isa_*.cc defines one of these; the ones that did not compile are absent (weak references).
extern "C" {
const VrIsa* vreason_isa_avx512(void) __attribute__((weak));
const VrIsa* vreason_isa_avx2(void) __attribute__((weak));
const VrIsa* vreason_isa_neon(void) __attribute__((weak));
const VrIsa* vreason_isa_generic(void) __attribute__((weak));
}
