// vreason native kernels, compiled once per instruction set. The including file defines
//   VR_NAME  "avx2"         the table's name
//   VR_ENTRY vreason_isa_x  the C entry point returning the table
//   VR_VW    8              floats per SIMD vector
//   VR_MR    6              rows of C per micro-tile
//   VR_NV    2              vectors of VR_VW columns per micro-tile row (NR = VW * NV)
// and is compiled with that instruction set's flags (scripts/build-native.mjs), so the GCC vector
// extensions below become that ISA's registers: the accumulators of one MR x NR tile (MR * NV
// vectors) plus NV loads of B and one broadcast of A must fit the register file, or the tile spills.
//
// Every kernel has a pure-TypeScript twin in src/nn/kernels/js.ts with the same semantics (to float
// tolerance); the tests run each table that this machine can execute against those twins.
//
// SGEMM is the Goto/BLIS structure: op(B) packed into KC x NR panels, op(A) into MR x KC panels
// (transposes are absorbed by the packing, never materialised), a register-blocked micro-kernel, and
// an epilogue (bias, GELU) applied to each block of rows of C while it is still in cache.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "isa.h"

#ifdef _OPENMP
#include <omp.h>
#else
static inline int omp_get_max_threads() { return 1; }
static inline int omp_get_thread_num() { return 0; }
#endif

namespace {

typedef float vf __attribute__((vector_size(VR_VW * 4)));
typedef float vfu __attribute__((vector_size(VR_VW * 4), aligned(4)));

constexpr int VW = VR_VW;
constexpr int MR = VR_MR;
constexpr int NV = VR_NV;
constexpr int NR = VW * NV;
constexpr int KC = 256;
constexpr int MC_MAX = MR * ((144 + MR - 1) / MR);
constexpr int NC = 4096;
// Rows of scores per block in causal attention: a multiple of MR near 40.
constexpr int ATT_RB = MR * ((40 + MR - 1) / MR);

struct Mat {
  const float* p;
  int ld;
  bool t;
};

// Pack rows [i0, i0+mc) x depth [p0, p0+kc) of op(A) into MR-row panels: dst[panel][p][i].
void pack_a(const Mat& A, int i0, int mc, int p0, int kc, float* dst) {
  for (int ip = 0; ip < mc; ip += MR) {
    int mr = mc - ip < MR ? mc - ip : MR;
    float* d = dst + (size_t)ip * kc;
    if (!A.t) {
      for (int i = 0; i < mr; i++) {
        const float* s = A.p + (size_t)(i0 + ip + i) * A.ld + p0;
        for (int p = 0; p < kc; p++) d[p * MR + i] = s[p];
      }
    } else {
      for (int p = 0; p < kc; p++) {
        const float* s = A.p + (size_t)(p0 + p) * A.ld + i0 + ip;
        for (int i = 0; i < mr; i++) d[p * MR + i] = s[i];
      }
    }
    for (int i = mr; i < MR; i++)
      for (int p = 0; p < kc; p++) d[p * MR + i] = 0.f;
  }
}

// Pack depth [p0, p0+kc) x columns [j, j+nr) of op(B) as one NR-column panel: d[p][c].
void pack_b_panel(const Mat& B, int p0, int kc, int j, int nr, float* d) {
  if (!B.t) {
    for (int p = 0; p < kc; p++) {
      const float* s = B.p + (size_t)(p0 + p) * B.ld + j;
      float* o = d + p * NR;
      int c = 0;
      for (; c < nr; c++) o[c] = s[c];
      for (; c < NR; c++) o[c] = 0.f;
    }
  } else {
    for (int c = 0; c < nr; c++) {
      const float* s = B.p + (size_t)(j + c) * B.ld + p0;
      for (int p = 0; p < kc; p++) d[p * NR + c] = s[p];
    }
    for (int c = nr; c < NR; c++)
      for (int p = 0; p < kc; p++) d[p * NR + c] = 0.f;
  }
}

// The register-blocked inner kernel: MR x NV vector accumulators.
inline void micro(int kc, const float* __restrict a, const float* __restrict b, float* c, int ldc, int mr, int nr, float alpha,
                  float beta) {
  vf acc[MR][NV];
#pragma GCC unroll 16
  for (int i = 0; i < MR; i++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) acc[i][v] = (vf){};
#pragma GCC unroll 4
  for (int p = 0; p < kc; p++) {
    vf bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) bv[v] = *(const vf*)(b + p * NR + v * VW);
    const float* ap = a + p * MR;
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++) {
      float s = ap[i];
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) acc[i][v] += s * bv[v];
    }
  }
  if (mr == MR && nr == NR) {
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++)
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) {
        vfu* cp = (vfu*)(c + (size_t)i * ldc + v * VW);
        if (beta == 0.f)
          *cp = alpha * acc[i][v];
        else
          *cp = alpha * acc[i][v] + beta * *cp;
      }
    return;
  }
  alignas(64) float tile[MR * NR];
  for (int i = 0; i < MR; i++)
    for (int v = 0; v < NV; v++) *(vf*)(tile + i * NR + v * VW) = acc[i][v];
  for (int i = 0; i < mr; i++)
    for (int j = 0; j < nr; j++) {
      float* cp = c + (size_t)i * ldc + j;
      *cp = beta == 0.f ? alpha * tile[i * NR + j] : alpha * tile[i * NR + j] + beta * *cp;
    }
}

float* scratch(std::vector<float>& v, size_t n) {
  if (v.size() < n + 16) v.resize(n + 16);
  uintptr_t p = (uintptr_t)v.data();
  return (float*)((p + 63) & ~(uintptr_t)63);
}

thread_local std::vector<float> tl_a, tl_b, tl_ds;
std::vector<float> shared_b;

// ---------------------------------------------------------------------------------------------
// Vectorisable transcendental helpers (branch-free so -O3 turns the loops into SIMD).

inline float fast_exp(float x) {
  x = x < -87.f ? -87.f : (x > 88.f ? 88.f : x);
  // Round to nearest with the 1.5 * 2^23 trick: vectorises on every ISA (no roundps needed).
  float n = (x * 1.44269504088896341f + 12582912.f) - 12582912.f;
  float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.f;
  int32_t e = ((int32_t)n + 127) << 23;
  float s;
  std::memcpy(&s, &e, 4);
  return p * s;
}

// Rational approximation of tanh (Eigen's generic_fast_tanh_float), accurate to a few ulp.
inline float fast_tanh(float x) {
  const float c = 7.90531110763549805f;
  x = x < -c ? -c : (x > c ? c : x);
  float x2 = x * x;
  float p = -2.76076847742355e-16f;
  p = p * x2 + 2.00018790482477e-13f;
  p = p * x2 + -8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-08f;
  p = p * x2 + 1.48572235717979e-05f;
  p = p * x2 + 6.37261928875436e-04f;
  p = p * x2 + 4.89352455891786e-03f;
  p = p * x;
  float q = 1.19825839466702e-06f;
  q = q * x2 + 1.18534705686654e-04f;
  q = q * x2 + 2.26843463243900e-03f;
  q = q * x2 + 4.89352518554385e-03f;
  return p / q;
}

constexpr float GELU_K = 0.7978845608028654f;  // sqrt(2/pi)
constexpr float GELU_C = 0.044715f;

inline float gelu1(float v) { return 0.5f * v * (1.f + fast_tanh(GELU_K * (v + GELU_C * v * v * v))); }

// Bias and GELU on rows [r0, r0+rows) x columns [c0, c0+cols) of a finished block of C.
void epilogue(float* C, int ldc, int r0, int rows, int c0, int cols, const float* bias, float* gout) {
  for (int r = r0; r < r0 + rows; r++) {
    float* c = C + (size_t)r * ldc + c0;
    if (bias) {
      const float* b = bias + c0;
      for (int j = 0; j < cols; j++) c[j] += b[j];
    }
    if (gout) {
      float* g = gout + (size_t)r * ldc + c0;
      for (int j = 0; j < cols; j++) g[j] = gelu1(c[j]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// SGEMM: C = alpha * op(A) * op(B) + beta * C, row-major, op(X) = X or X^T.

void fill_beta(float* C, int ldc, int M, int N, float beta) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) C[(size_t)i * ldc + j] = beta == 0.f ? 0.f : beta * C[(size_t)i * ldc + j];
}

// Single-threaded GEMM (used inside already-parallel loops, e.g. per attention head).
void gemm_serial(const Mat& A, const Mat& B, float* C, int ldc, int M, int N, int K, float alpha, float beta,
                 const float* bias = nullptr, float* gout = nullptr) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    fill_beta(C, ldc, M, N, beta);
    epilogue(C, ldc, 0, M, 0, N, bias, gout);
    return;
  }
  int nc_max = N < NC ? N : NC;
  float* pb = scratch(tl_b, (size_t)KC * ((nc_max + NR - 1) / NR) * NR);
  float* pa = scratch(tl_a, (size_t)KC * MC_MAX);
  for (int jc = 0; jc < N; jc += NC) {
    int nc = N - jc < NC ? N - jc : NC;
    for (int pc = 0; pc < K; pc += KC) {
      int kc = K - pc < KC ? K - pc : KC;
      float bt = pc == 0 ? beta : 1.f;
      bool last = pc + kc >= K;
      for (int jp = 0; jp < nc; jp += NR) pack_b_panel(B, pc, kc, jc + jp, nc - jp < NR ? nc - jp : NR, pb + (size_t)jp * kc);
      for (int ic = 0; ic < M; ic += MC_MAX) {
        int mc = M - ic < MC_MAX ? M - ic : MC_MAX;
        pack_a(A, ic, mc, pc, kc, pa);
        for (int jr = 0; jr < nc; jr += NR)
          for (int ir = 0; ir < mc; ir += MR)
            micro(kc, pa + (size_t)ir * kc, pb + (size_t)jr * kc, C + (size_t)(ic + ir) * ldc + jc + jr, ldc,
                  mc - ir < MR ? mc - ir : MR, nc - jr < NR ? nc - jr : NR, alpha, bt);
        if (last && (bias || gout)) epilogue(C, ldc, ic, mc, jc, nc, bias, gout);
      }
    }
  }
}

// Few rows of C (token-by-token decoding): no packing, one dot product or row update per output.
// op(B) = B^T (weights stored [out, in]) is the contiguous-dot case. Columns [j0, j1) only.
void small_m_cols(const Mat& A, const Mat& B, float* C, int ldc, int M, int K, float alpha, float beta, const float* bias,
                  float* gout, int j0, int j1) {
  for (int i = 0; i < M; i++) {
    float* c = C + (size_t)i * ldc;
    if (B.t && !A.t) {
      const float* a = A.p + (size_t)i * A.ld;
      for (int j = j0; j < j1; j++) {
        const float* b = B.p + (size_t)j * B.ld;
        vf s = (vf){};
        int p = 0;
        for (; p + VW <= K; p += VW) s += *(const vfu*)(a + p) * *(const vfu*)(b + p);
        float t = 0.f;
        for (int v = 0; v < VW; v++) t += s[v];
        for (; p < K; p++) t += a[p] * b[p];
        c[j] = alpha * t + (beta == 0.f ? 0.f : beta * c[j]);
      }
    } else {
      for (int j = j0; j < j1; j++) c[j] = beta == 0.f ? 0.f : beta * c[j];
      for (int p = 0; p < K; p++) {
        float a = alpha * (A.t ? A.p[(size_t)p * A.ld + i] : A.p[(size_t)i * A.ld + p]);
        if (B.t) {
          for (int j = j0; j < j1; j++) c[j] += a * B.p[(size_t)j * B.ld + p];
        } else {
          const float* b = B.p + (size_t)p * B.ld;
          for (int j = j0; j < j1; j++) c[j] += a * b[j];
        }
      }
    }
    if (bias || gout) epilogue(C, ldc, i, 1, j0, j1 - j0, bias, gout);
  }
}

// Parallel over blocks of 64 columns.
void gemm_small_m(const Mat& A, const Mat& B, float* C, int ldc, int M, int N, int K, float alpha, float beta, const float* bias,
                  float* gout) {
  bool par = (double)M * N * K > 4e5;
#pragma omp parallel for schedule(static) if (par)
  for (int j0 = 0; j0 < N; j0 += 64) small_m_cols(A, B, C, ldc, M, K, alpha, beta, bias, gout, j0, j0 + 64 < N ? j0 + 64 : N);
}

// Multi-threaded GEMM: B panels are packed cooperatively and shared; each thread packs and
// multiplies its own row blocks of A (MC chosen so every thread gets work even for small M).
void gemm_parallel(const Mat& A, const Mat& B, float* C, int ldc, int M, int N, int K, float alpha, float beta, const float* bias,
                   float* gout) {
  if (M <= 0 || N <= 0) return;
  if (M <= 4 && K > 0) {
    gemm_small_m(A, B, C, ldc, M, N, K, alpha, beta, bias, gout);
    return;
  }
  int nt = omp_get_max_threads();
  if (nt <= 1 || (double)M * N * K < 2e5 || K <= 0) {
    gemm_serial(A, B, C, ldc, M, N, K, alpha, beta, bias, gout);
    return;
  }
  int per = (M + nt - 1) / nt;
  int mc_blk = ((per + MR - 1) / MR) * MR;
  if (mc_blk > MC_MAX) mc_blk = MC_MAX;
  int nc_max = N < NC ? N : NC;
  float* pb = scratch(shared_b, (size_t)KC * ((nc_max + NR - 1) / NR) * NR);
#pragma omp parallel
  {
    float* pa = scratch(tl_a, (size_t)KC * MC_MAX);
    for (int jc = 0; jc < N; jc += NC) {
      int nc = N - jc < NC ? N - jc : NC;
      for (int pc = 0; pc < K; pc += KC) {
        int kc = K - pc < KC ? K - pc : KC;
        float bt = pc == 0 ? beta : 1.f;
        bool last = pc + kc >= K;
#pragma omp for schedule(static)
        for (int jp = 0; jp < nc; jp += NR) pack_b_panel(B, pc, kc, jc + jp, nc - jp < NR ? nc - jp : NR, pb + (size_t)jp * kc);
#pragma omp for schedule(dynamic, 1)
        for (int ic = 0; ic < M; ic += mc_blk) {
          int mc = M - ic < mc_blk ? M - ic : mc_blk;
          pack_a(A, ic, mc, pc, kc, pa);
          for (int jr = 0; jr < nc; jr += NR)
            for (int ir = 0; ir < mc; ir += MR)
              micro(kc, pa + (size_t)ir * kc, pb + (size_t)jr * kc, C + (size_t)(ic + ir) * ldc + jc + jr, ldc,
                    mc - ir < MR ? mc - ir : MR, nc - jr < NR ? nc - jr : NR, alpha, bt);
          if (last && (bias || gout)) epilogue(C, ldc, ic, mc, jc, nc, bias, gout);
        }
      }
    }
  }
}

void k_gemm(int ta, int tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb, float beta, float* C,
            int ldc, const float* bias, float* gout) {
  gemm_parallel(Mat{A, lda, ta != 0}, Mat{B, ldb, tb != 0}, C, ldc, M, N, K, alpha, beta, bias, gout);
}

// ---------------------------------------------------------------------------------------------
// Row kernels.

void gelu_fwd(const float* x, float* y, size_t n) {
#pragma omp parallel for schedule(static) if (n > 32768)
  for (size_t i = 0; i < n; i++) y[i] = gelu1(x[i]);
}

// dx = dy * gelu'(x), accumulated into dx when acc != 0
void gelu_bwd(const float* x, const float* dy, float* dx, size_t n, int acc) {
#pragma omp parallel for schedule(static) if (n > 32768)
  for (size_t i = 0; i < n; i++) {
    float v = x[i];
    float u = GELU_K * (v + GELU_C * v * v * v);
    float t = fast_tanh(u);
    float du = GELU_K * (1.f + 3.f * GELU_C * v * v);
    float g = 0.5f * (1.f + t) + 0.5f * v * (1.f - t * t) * du;
    float r = dy[i] * g;
    dx[i] = acc ? dx[i] + r : r;
  }
}

void layernorm_fwd(const float* x, const float* g, const float* b, float* y, float* mean, float* rstd, int rows, int cols, float eps) {
#pragma omp parallel for schedule(static) if ((size_t)rows * cols > 32768)
  for (int r = 0; r < rows; r++) {
    const float* xr = x + (size_t)r * cols;
    float* yr = y + (size_t)r * cols;
    float s = 0.f;
    for (int c = 0; c < cols; c++) s += xr[c];
    float m = s / cols;
    float v = 0.f;
    for (int c = 0; c < cols; c++) v += (xr[c] - m) * (xr[c] - m);
    float rs = 1.f / std::sqrt(v / cols + eps);
    for (int c = 0; c < cols; c++) yr[c] = (xr[c] - m) * rs * g[c] + b[c];
    mean[r] = m;
    rstd[r] = rs;
  }
}

// dx (accumulated when acc), dg += sum dy*xhat, db += sum dy (per-thread partials, then reduced).
void layernorm_bwd(const float* x, const float* g, const float* mean, const float* rstd, const float* dy, float* dx, float* dg,
                   float* db, int rows, int cols, int acc) {
  int nt = omp_get_max_threads();
  std::vector<float> part((size_t)nt * 2 * cols, 0.f);
#pragma omp parallel if ((size_t)rows * cols > 32768)
  {
    float* pg = part.data() + (size_t)omp_get_thread_num() * 2 * cols;
    float* pbb = pg + cols;
#pragma omp for schedule(static)
    for (int r = 0; r < rows; r++) {
      const float* xr = x + (size_t)r * cols;
      const float* dyr = dy + (size_t)r * cols;
      float* dxr = dx + (size_t)r * cols;
      float m = mean[r], rs = rstd[r];
      float s1 = 0.f, s2 = 0.f;
      for (int c = 0; c < cols; c++) {
        float xh = (xr[c] - m) * rs;
        float d = dyr[c] * g[c];
        s1 += d;
        s2 += d * xh;
        pg[c] += dyr[c] * xh;
        pbb[c] += dyr[c];
      }
      s1 /= cols;
      s2 /= cols;
      for (int c = 0; c < cols; c++) {
        float xh = (xr[c] - m) * rs;
        float v = rs * (dyr[c] * g[c] - s1 - xh * s2);
        dxr[c] = acc ? dxr[c] + v : v;
      }
    }
  }
  for (int t = 0; t < nt; t++)
    for (int c = 0; c < cols; c++) {
      dg[c] += part[(size_t)t * 2 * cols + c];
      db[c] += part[(size_t)t * 2 * cols + cols + c];
    }
}

// In-place softmax over the first `valid` entries of a row; entries [valid, n) become 0 (causal mask).
// The max and the sum run on vectors (a chain of scalar max/add per entry was most of a prefill's attention).
inline void softmax_row(float* row, int n, int valid) {
  vf mv = (vf){} - INFINITY;
  int j = 0;
  for (; j + VW <= valid; j += VW) {
    vf x = *(const vfu*)(row + j);
    mv = x > mv ? x : mv;
  }
  float mx = -INFINITY;
  for (int v = 0; v < VW; v++) mx = mv[v] > mx ? mv[v] : mx;
  for (; j < valid; j++) mx = row[j] > mx ? row[j] : mx;
  for (j = 0; j < valid; j++) row[j] = fast_exp(row[j] - mx);
  vf sv = (vf){};
  for (j = 0; j + VW <= valid; j += VW) sv += *(const vfu*)(row + j);
  float s = 0.f;
  for (int v = 0; v < VW; v++) s += sv[v];
  for (; j < valid; j++) s += row[j];
  float inv = 1.f / s;
  for (j = 0; j < valid; j++) row[j] *= inv;
  for (j = valid; j < n; j++) row[j] = 0.f;
}

void softmax_rows(const float* x, float* y, int rows, int cols) {
#pragma omp parallel for schedule(static) if ((size_t)rows * cols > 32768)
  for (int r = 0; r < rows; r++) {
    if (x != y) std::memcpy(y + (size_t)r * cols, x + (size_t)r * cols, sizeof(float) * cols);
    softmax_row(y + (size_t)r * cols, cols, cols);
  }
}

// ---------------------------------------------------------------------------------------------
// Fused multi-head attention over a packed qkv buffer [B, T, 3D] (q | k | v, heads contiguous in
// each), writing out [B, T, D] and keeping the probabilities P [B, H, T, T] for the backward pass.
// Causal attention works in blocks of ATT_RB query rows and only computes the columns at or left
// of each block's diagonal: the masked upper triangle (half the work) is never multiplied.

void attn_fwd(const float* qkv, float* out, float* P, int B, int T, int H, int hd, int causal) {
  int D = H * hd;
  float scale = 1.f / std::sqrt((float)hd);
  int rb_size = causal ? ATT_RB : T;
#pragma omp parallel for schedule(dynamic)
  for (int bh = 0; bh < B * H; bh++) {
    int b = bh / H, h = bh % H;
    const float* q = qkv + (size_t)b * T * 3 * D + h * hd;
    float* p = P + (size_t)bh * T * T;
    float* o = out + (size_t)b * T * D + h * hd;
    for (int r0 = 0; r0 < T; r0 += rb_size) {
      int rb = T - r0 < rb_size ? T - r0 : rb_size;
      int cols = causal ? r0 + rb : T;
      float* pr = p + (size_t)r0 * T;
      gemm_serial(Mat{q + (size_t)r0 * 3 * D, 3 * D, false}, Mat{q + D, 3 * D, true}, pr, T, rb, cols, hd, scale, 0.f);
      for (int i = 0; i < rb; i++) softmax_row(pr + (size_t)i * T, T, causal ? r0 + i + 1 : T);
      gemm_serial(Mat{pr, T, false}, Mat{q + 2 * D, 3 * D, false}, o + (size_t)r0 * D, D, rb, hd, cols, 1.f, 0.f);
    }
  }
}

void attn_bwd(const float* qkv, const float* P, const float* dout, float* dqkv, int B, int T, int H, int hd, int causal) {
  int D = H * hd;
  float scale = 1.f / std::sqrt((float)hd);
  int blk = causal ? ATT_RB : T;
#pragma omp parallel for schedule(dynamic)
  for (int bh = 0; bh < B * H; bh++) {
    int b = bh / H, h = bh % H;
    const float* q = qkv + (size_t)b * T * 3 * D + h * hd;
    float* dq = dqkv + (size_t)b * T * 3 * D + h * hd;
    const float* p = P + (size_t)bh * T * T;
    const float* dO = dout + (size_t)b * T * D + h * hd;
    float* ds = scratch(tl_ds, (size_t)T * T);
    // Row blocks: dP = dO V^T, dS = P * (dP - rowsum(dP * P)) * scale, dQ = dS K (left of the diagonal).
    for (int r0 = 0; r0 < T; r0 += blk) {
      int rb = T - r0 < blk ? T - r0 : blk;
      int cols = causal ? r0 + rb : T;
      float* dsr = ds + (size_t)r0 * T;
      gemm_serial(Mat{dO + (size_t)r0 * D, D, false}, Mat{q + 2 * D, 3 * D, true}, dsr, T, rb, cols, hd, 1.f, 0.f);
      for (int i = 0; i < rb; i++) {
        float* dr = dsr + (size_t)i * T;
        const float* pr = p + (size_t)(r0 + i) * T;
        float s = 0.f;
        for (int j = 0; j < cols; j++) s += dr[j] * pr[j];
        for (int j = 0; j < cols; j++) dr[j] = pr[j] * (dr[j] - s) * scale;
      }
      gemm_serial(Mat{dsr, T, false}, Mat{q + D, 3 * D, false}, dq + (size_t)r0 * 3 * D, 3 * D, rb, hd, cols, 1.f, 0.f);
    }
    // Column blocks: dV = P^T dO, dK = dS^T Q, over the rows at or below the diagonal.
    for (int c0 = 0; c0 < T; c0 += blk) {
      int cb = T - c0 < blk ? T - c0 : blk;
      int rfrom = causal ? c0 : 0;
      int n = T - rfrom;
      gemm_serial(Mat{p + (size_t)rfrom * T + c0, T, true}, Mat{dO + (size_t)rfrom * D, D, false}, dq + 2 * D + (size_t)c0 * 3 * D,
                  3 * D, cb, hd, n, 1.f, 0.f);
      gemm_serial(Mat{ds + (size_t)rfrom * T + c0, T, true}, Mat{q + (size_t)rfrom * 3 * D, 3 * D, false}, dq + D + (size_t)c0 * 3 * D,
                  3 * D, cb, hd, n, 1.f, 0.f);
    }
  }
}

// Cross-entropy over rows of logits with integer targets (target < 0: ignored). Writes each row's
// loss (0 when ignored); the backward writes dlogits = (softmax - onehot) * scale (0 when ignored).
void xent_fwd(const float* logits, const int32_t* tgt, float* loss, int rows, int V) {
#pragma omp parallel for schedule(static) if ((size_t)rows * V > 32768)
  for (int r = 0; r < rows; r++) {
    const float* l = logits + (size_t)r * V;
    if (tgt[r] < 0) {
      loss[r] = 0.f;
      continue;
    }
    float mx = -INFINITY;
    for (int j = 0; j < V; j++) mx = l[j] > mx ? l[j] : mx;
    float s = 0.f;
    for (int j = 0; j < V; j++) s += fast_exp(l[j] - mx);
    loss[r] = std::log(s) + mx - l[tgt[r]];
  }
}

void xent_bwd(const float* logits, const int32_t* tgt, float* dl, int rows, int V, float scale) {
#pragma omp parallel for schedule(static) if ((size_t)rows * V > 32768)
  for (int r = 0; r < rows; r++) {
    const float* l = logits + (size_t)r * V;
    float* d = dl + (size_t)r * V;
    if (tgt[r] < 0) {
      for (int j = 0; j < V; j++) d[j] = 0.f;
      continue;
    }
    float mx = -INFINITY;
    for (int j = 0; j < V; j++) mx = l[j] > mx ? l[j] : mx;
    float s = 0.f;
    for (int j = 0; j < V; j++) {
      float e = fast_exp(l[j] - mx);
      d[j] = e;
      s += e;
    }
    float inv = scale / s;
    for (int j = 0; j < V; j++) d[j] *= inv;
    d[tgt[r]] -= scale;
  }
}

void adamw(float* w, const float* g, float* m, float* v, size_t n, float lr, float b1, float b2, float eps, float wd, float bc1,
           float bc2) {
#pragma omp parallel for schedule(static) if (n > 65536)
  for (size_t i = 0; i < n; i++) {
    float gi = g[i];
    float mi = b1 * m[i] + (1.f - b1) * gi;
    float vi = b2 * v[i] + (1.f - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = w[i] * (1.f - lr * wd) - lr * (mi / bc1) / (std::sqrt(vi / bc2) + eps);
  }
}

// ---------------------------------------------------------------------------------------------
// The autograd's glue: residual adds, gradient accumulation, bias gradients, embeddings.

void add_bcast(const float* a, const float* b, float* out, size_t n, size_t nb) {
  size_t rows = nb ? n / nb : 0;
#pragma omp parallel for schedule(static) if (n > 65536)
  for (size_t r = 0; r < rows; r++) {
    const float* ar = a + r * nb;
    float* o = out + r * nb;
    for (size_t j = 0; j < nb; j++) o[j] = ar[j] + b[j];
  }
}

void accumulate(float* dst, const float* src, size_t n) {
#pragma omp parallel for schedule(static) if (n > 65536)
  for (size_t i = 0; i < n; i++) dst[i] += src[i];
}

// out[c] += sum over rows; threads take column strips when there are enough columns, else row
// partials that are reduced at the end.
void col_sum(const float* g, float* out, int rows, int cols) {
  int nt = omp_get_max_threads();
  if ((size_t)rows * cols <= 65536 || nt <= 1) {
    for (int r = 0; r < rows; r++) {
      const float* gr = g + (size_t)r * cols;
      for (int c = 0; c < cols; c++) out[c] += gr[c];
    }
    return;
  }
  std::vector<float> part((size_t)nt * cols, 0.f);
#pragma omp parallel
  {
    float* pp = part.data() + (size_t)omp_get_thread_num() * cols;
#pragma omp for schedule(static)
    for (int r = 0; r < rows; r++) {
      const float* gr = g + (size_t)r * cols;
      for (int c = 0; c < cols; c++) pp[c] += gr[c];
    }
  }
  for (int t = 0; t < nt; t++)
    for (int c = 0; c < cols; c++) out[c] += part[(size_t)t * cols + c];
}

void embed_fwd(const float* table, const int32_t* ids, float* out, int n, int D) {
  for (int i = 0; i < n; i++) {
    float* o = out + (size_t)i * D;
    if (ids[i] < 0)
      std::memset(o, 0, sizeof(float) * D);
    else
      std::memcpy(o, table + (size_t)ids[i] * D, sizeof(float) * D);
  }
}

// Repeated ids add up; each thread owns a strip of columns, so no two threads write one address.
void embed_bwd(const float* g, const int32_t* ids, float* gt, int n, int D) {
  int strips = (size_t)n * D > 262144 && D >= 64 ? omp_get_max_threads() : 1;
#pragma omp parallel for schedule(static) num_threads(strips) if (strips > 1)
  for (int s = 0; s < strips; s++) {
    int c0 = (int)((long)D * s / strips), c1 = (int)((long)D * (s + 1) / strips);
    for (int i = 0; i < n; i++) {
      if (ids[i] < 0) continue;
      const float* gi = g + (size_t)i * D;
      float* t = gt + (size_t)ids[i] * D;
      for (int c = c0; c < c1; c++) t[c] += gi[c];
    }
  }
}


// ---------------------------------------------------------------------------------------------
// Generation: one decoder step for a batch of sequences, each with its own KV cache and length, in
// one parallel region (threads meet at a barrier between phases instead of forking per kernel).
// The same maths as src/nn/generate.ts's per-op path: pre-LN blocks, optional rotary embedding,
// causal attention of every new row over its sequence's cached positions and the new ones before it.

std::vector<float> dec_x, dec_h, dec_qkv, dec_att, dec_pre, dec_mlp, dec_last;
std::vector<int32_t> dec_row_seq, dec_row_start;
std::vector<float> rope_cos, rope_sin;
int rope_hd = 0, rope_len = 0;
thread_local std::vector<float> tl_scores;

// cos/sin of p * 10000^(-2i/hd) for p < len (double precision, as src/nn/rotary.ts computes them).
void rope_table(int hd, int len) {
  if (hd == rope_hd && len <= rope_len) return;
  int n = len > rope_len || hd != rope_hd ? (len > 2 * rope_len ? len : 2 * rope_len) : rope_len;
  if (n < 64) n = 64;
  int half = hd / 2;
  rope_cos.assign((size_t)n * half, 0.f);
  rope_sin.assign((size_t)n * half, 0.f);
  for (int p = 0; p < n; p++)
    for (int i = 0; i < half; i++) {
      double a = p * std::pow(10000.0, (-2.0 * i) / hd);
      rope_cos[(size_t)p * half + i] = (float)std::cos(a);
      rope_sin[(size_t)p * half + i] = (float)std::sin(a);
    }
  rope_hd = hd;
  rope_len = n;
}

inline void ln_row(const float* x, const float* g, const float* b, float* y, int cols) {
  float s = 0.f;
  for (int c = 0; c < cols; c++) s += x[c];
  float m = s / cols;
  float v = 0.f;
  for (int c = 0; c < cols; c++) v += (x[c] - m) * (x[c] - m);
  float rs = 1.f / std::sqrt(v / cols + 1e-5f);
  for (int c = 0; c < cols; c++) y[c] = (x[c] - m) * rs * g[c] + b[c];
}

// Sum of a vector's lanes, by halves in registers (a short dependency chain instead of VW - 1 chained adds).
inline float hsum(vf v) {
#if VR_VW == 16
  auto a = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) + __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
#else
  auto a = v;
#endif
#if VR_VW >= 8
  auto b = __builtin_shufflevector(a, a, 0, 1, 2, 3) + __builtin_shufflevector(a, a, 4, 5, 6, 7);
#else
  auto b = a;
#endif
#if VR_VW >= 4
  auto c = __builtin_shufflevector(b, b, 0, 1) + __builtin_shufflevector(b, b, 2, 3);
  return c[0] + c[1];
#else
  float t = 0.f;
  for (int i = 0; i < VW; i++) t += b[i];
  return t;
#endif
}

inline float dot(const float* a, const float* b, int n) {
  vf s = (vf){};
  int p = 0;
  for (; p + VW <= n; p += VW) s += *(const vfu*)(a + p) * *(const vfu*)(b + p);
  float t = hsum(s);
  for (; p < n; p++) t += a[p] * b[p];
  return t;
}

// C[mr, nr] = A[mr, K] B[K, nr] + beta * C with A (lda) and B (ldb) read in place, row-major: no packing, for
// the decoder's weights, stored transposed once ([in, out]) so that each row of B is NR contiguous outputs.
// B must be readable NR columns wide (the caller pads the last columns).
// R rows at a time (R = MR for full tiles; the last rows of C get an instantiation of their own count).
template <int R>
void micro_direct_r(int K, const float* __restrict a, int lda, const float* __restrict b, int ldb, float* c, int ldc, int nr,
                    float beta) {
  vf acc[R][NV];
#pragma GCC unroll 16
  for (int i = 0; i < R; i++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) acc[i][v] = (vf){};
#pragma GCC unroll 2
  for (int p = 0; p < K; p++) {
    vf bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) bv[v] = *(const vfu*)(b + (size_t)p * ldb + v * VW);
#pragma GCC unroll 16
    for (int i = 0; i < R; i++) {
      float s = a[(size_t)i * lda + p];
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) acc[i][v] += s * bv[v];
    }
  }
  if (nr == NR) {
#pragma GCC unroll 16
    for (int i = 0; i < R; i++)
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) {
        vfu* cp = (vfu*)(c + (size_t)i * ldc + v * VW);
        *cp = beta == 0.f ? acc[i][v] : acc[i][v] + beta * *cp;
      }
    return;
  }
  alignas(64) float tile[R * NR];
  for (int i = 0; i < R; i++)
    for (int v = 0; v < NV; v++) *(vf*)(tile + i * NR + v * VW) = acc[i][v];
  for (int i = 0; i < R; i++)
    for (int j = 0; j < nr; j++) {
      float* cp = c + (size_t)i * ldc + j;
      *cp = beta == 0.f ? tile[i * NR + j] : tile[i * NR + j] + beta * *cp;
    }
}

template <int... Rs>
struct DirectTable {
  static constexpr void (*fns[sizeof...(Rs)])(int, const float*, int, const float*, int, float*, int, int, float) = {
      micro_direct_r<Rs + 1>...};
};

template <int... I>
constexpr auto direct_table(std::integer_sequence<int, I...>) {
  return DirectTable<I...>{};
}

inline void micro_direct(int K, const float* a, int lda, const float* b, int ldb, float* c, int ldc, int mr, int nr, float beta) {
  using T = decltype(direct_table(std::make_integer_sequence<int, MR>{}));
  T::fns[mr - 1](K, a, lda, b, ldb, c, ldc, nr, beta);
}

thread_local std::vector<float> tl_tail;

// Inside a parallel region: C[M, N] = A[M, K] Wt[K, N] + beta * C + bias (gout = gelu(C) when given), Wt the
// weight stored transposed. Work items are blocks of rows x blocks of columns, enough of them for every thread.
void par_linear(const float* A, int M, int K, const float* Wt, int N, const float* bias, float* C, float beta, float* gout) {
  const int ldw = (int)vr_decode_ld(N);
  int nt = omp_get_num_threads();
  const bool packed = M > 4 * MR;
  const int RB = packed ? MC_MAX : MR * 8;
  int nrb = (M + RB - 1) / RB;
  int want = 2 * nt;
  int ncb = nrb >= want ? 1 : (want + nrb - 1) / nrb;
  int chunk = (N + ncb - 1) / ncb;
  chunk = ((chunk + NR - 1) / NR) * NR;
  ncb = (N + chunk - 1) / chunk;
  int items = nrb * ncb;
#pragma omp for schedule(dynamic, 1)
  for (int it = 0; it < items; it++) {
    int r0 = (it / ncb) * RB, j0 = (it % ncb) * chunk;
    int r1 = r0 + RB < M ? r0 + RB : M, j1 = j0 + chunk < N ? j0 + chunk : N;
    if (packed) {
      // Many rows (a prefill): the packed GEMM, B panels reused across the block's rows.
      gemm_serial(Mat{A + (size_t)r0 * K, K, false}, Mat{Wt + j0, ldw, false}, C + (size_t)r0 * N + j0, N, r1 - r0, j1 - j0, K, 1.f,
                  beta, bias ? bias + j0 : nullptr, gout ? gout + (size_t)r0 * N + j0 : nullptr);
      continue;
    }
    for (int jr = j0; jr < j1; jr += NR) {
      int nr = j1 - jr < NR ? j1 - jr : NR;
      const float* b = Wt + jr;
      int ldb = ldw;
      if (jr + NR > ldw) {
        // The last columns: a zero-padded copy, so the kernel's full-width loads stay inside memory.
        float* t = scratch(tl_tail, (size_t)K * NR);
        for (int p = 0; p < K; p++)
          for (int j = 0; j < NR; j++) t[(size_t)p * NR + j] = j < nr ? Wt[(size_t)p * ldw + jr + j] : 0.f;
        b = t;
        ldb = NR;
      }
      for (int i = r0; i < r1; i += MR)
        micro_direct(K, A + (size_t)i * K, K, b, ldb, C + (size_t)i * N + jr, N, r1 - i < MR ? r1 - i : MR, nr, beta);
    }
    if (bias || gout) epilogue(C, N, r0, r1 - r0, j0, j1 - j0, bias, gout);
  }
}


// Vector sum of n floats (n arbitrary); the softmax below divides by it.
inline float vsum(const float* x, int n) {
  vf s = (vf){};
  int j = 0;
  for (; j + VW <= n; j += VW) s += *(const vfu*)(x + j);
  float t = hsum(s);
  for (; j < n; j++) t += x[j];
  return t;
}

// One decode row of one head: scores against the `cols` cached keys (K, V: rows of stride D), softmax, the
// weighted values into o. NVH = head dim / VW vectors, kept in registers.
template <int NVH>
void attend_row(const float* q, const float* K, const float* V, int D, int cols, float* sc, float scale, float* o) {
  vf qv[NVH];
#pragma GCC unroll 4
  for (int v = 0; v < NVH; v++) qv[v] = *(const vfu*)(q + v * VW);
  float mx = -INFINITY;
  for (int j = 0; j < cols; j++) {
    const float* kj = K + (size_t)j * D;
    vf acc = qv[0] * *(const vfu*)kj;
#pragma GCC unroll 4
    for (int v = 1; v < NVH; v++) acc += qv[v] * *(const vfu*)(kj + v * VW);
    float x = scale * hsum(acc);
    sc[j] = x;
    mx = x > mx ? x : mx;  // a short chain next to the dot product's
  }
  for (int j = 0; j < cols; j++) sc[j] = fast_exp(sc[j] - mx);
  float inv = 1.f / vsum(sc, cols);
  vf ov[NVH];
#pragma GCC unroll 4
  for (int v = 0; v < NVH; v++) ov[v] = (vf){};
  for (int j = 0; j < cols; j++) {
    const float* vj = V + (size_t)j * D;
    float p = sc[j];
#pragma GCC unroll 4
    for (int v = 0; v < NVH; v++) ov[v] += p * *(const vfu*)(vj + v * VW);
  }
#pragma GCC unroll 4
  for (int v = 0; v < NVH; v++) *(vfu*)(o + v * VW) = inv * ov[v];
}

void (*const attend_fns[4])(const float*, const float*, const float*, int, int, float*, float, float*) = {
    attend_row<1>, attend_row<2>, attend_row<3>, attend_row<4>};


// All heads of one decode row (one work item when there are many sequences).
template <int NVH>
void attend_row_heads(const float* q, const float* K, const float* V, int D, int H, int cols, float* sc, float scale, float* o) {
  const int hd = NVH * VW;
  for (int h = 0; h < H; h++) attend_row<NVH>(q + h * hd, K + h * hd, V + h * hd, D, cols, sc, scale, o + h * hd);
}

void (*const attend_heads_fns[4])(const float*, const float*, const float*, int, int, int, float*, float, float*) = {
    attend_row_heads<1>, attend_row_heads<2>, attend_row_heads<3>, attend_row_heads<4>};

void decode_step(const VrDecode* a) {
  const int D = a->D, H = a->H, L = a->L, F = a->F, V = a->V, hd = D / H, S = a->nseq;
  int total = 0, maxPos = 0;
  dec_row_start.resize((size_t)S + 1);
  for (int s = 0; s < S; s++) {
    dec_row_start[s] = total;
    total += a->counts[s];
    int end = a->lens[s] + a->counts[s];
    if (end > maxPos) maxPos = end;
  }
  dec_row_start[S] = total;
  if (total == 0) return;
  dec_row_seq.resize(total);
  for (int s = 0; s < S; s++)
    for (int r = dec_row_start[s]; r < dec_row_start[s + 1]; r++) dec_row_seq[r] = s;
  if (a->rope) rope_table(hd, maxPos);
  float* x = scratch(dec_x, (size_t)total * D);
  float* h = scratch(dec_h, (size_t)total * D);
  float* qkv = scratch(dec_qkv, (size_t)total * 3 * D);
  float* att = scratch(dec_att, (size_t)total * D);
  float* pre = scratch(dec_pre, (size_t)total * F);
  float* mlp = scratch(dec_mlp, (size_t)total * F);
  float* last = scratch(dec_last, (size_t)S * D);
  std::memcpy(x, a->x, sizeof(float) * total * D);
  // Attention work items: (sequence, head, block of new rows); a decode row is a block of one.
  struct Item {
    int s, h, r0, rb;
  };
  std::vector<Item> items;
  const bool fused_heads = S >= 2 * omp_get_max_threads() && hd % VW == 0 && hd <= 4 * VW;
  for (int s = 0; s < S; s++) {
    if (fused_heads && a->counts[s] == 1) {
      items.push_back({s, -1, 0, 1});
      continue;
    }
    for (int hh = 0; hh < H; hh++)
      for (int r0 = 0; r0 < a->counts[s]; r0 += ATT_RB)
        items.push_back({s, hh, r0, a->counts[s] - r0 < ATT_RB ? a->counts[s] - r0 : ATT_RB});
  }
  const int nitems = (int)items.size();
  const float scale = 1.f / std::sqrt((float)hd);
  const int half = hd / 2;
  // Small steps (one sequence's decode row) are not worth waking a second thread for.
  double macs = (double)total * (L * (4.0 * D * D + 2.0 * D * F) + (double)V * D);
  int nt = omp_get_max_threads();
  if (macs < 2.5e5) nt = 1;
#pragma omp parallel num_threads(nt)
  {
    for (int l = 0; l < L; l++) {
      const float* const* w = a->w + 12 * l;
#pragma omp for schedule(static)
      for (int r = 0; r < total; r++) ln_row(x + (size_t)r * D, w[0], w[1], h + (size_t)r * D, D);
      par_linear(h, total, D, w[2], 3 * D, w[3], qkv, 0.f, nullptr);
      // Rotate queries and keys at their positions, then append keys and values to the caches.
#pragma omp for schedule(static)
      for (int r = 0; r < total; r++) {
        int s = dec_row_seq[r];
        int pos = a->lens[s] + r - dec_row_start[s];
        float* row = qkv + (size_t)r * 3 * D;
        if (a->rope) {
          const float* cs = rope_cos.data() + (size_t)pos * half;
          const float* sn = rope_sin.data() + (size_t)pos * half;
          for (int part = 0; part < 2; part++)
            for (int hh = 0; hh < H; hh++) {
              float* o = row + part * D + hh * hd;
              for (int i = 0; i < half; i++) {
                double x1 = o[i], x2 = o[half + i];
                o[i] = (float)(x1 * cs[i] - x2 * sn[i]);
                o[half + i] = (float)(x1 * sn[i] + x2 * cs[i]);
              }
            }
        }
        size_t cap = (size_t)a->caps[s];
        float* K = a->cache[s] + (size_t)l * 2 * cap * D;
        std::memcpy(K + (size_t)pos * D, row + D, sizeof(float) * D);
        std::memcpy(K + cap * D + (size_t)pos * D, row + 2 * D, sizeof(float) * D);
      }
#pragma omp for schedule(dynamic, 1)
      for (int it = 0; it < nitems; it++) {
        const Item& m = items[it];
        int len = a->lens[m.s];
        size_t cap = (size_t)a->caps[m.s];
        if (m.h < 0) {
          const float* K0 = a->cache[m.s] + (size_t)l * 2 * cap * D;
          int row = dec_row_start[m.s];
          float* sc = scratch(tl_scores, (size_t)H * (len + 1));
          attend_heads_fns[hd / VW - 1](qkv + (size_t)row * 3 * D, K0, K0 + cap * D, D, H, len + 1, sc, scale,
                                        att + (size_t)row * D);
          continue;
        }
        const float* K = a->cache[m.s] + (size_t)l * 2 * cap * D + m.h * hd;
        const float* Vc = K + cap * D;
        int row0 = dec_row_start[m.s] + m.r0;
        const float* q = qkv + (size_t)row0 * 3 * D + m.h * hd;
        float* o = att + (size_t)row0 * D + m.h * hd;
        int cols = len + m.r0 + m.rb;
        float* sc = scratch(tl_scores, (size_t)m.rb * cols);
        if (m.rb == 1 && hd % VW == 0 && hd <= 4 * VW) {
          attend_fns[hd / VW - 1](q, K, Vc, D, cols, sc, scale, o);
        } else if (m.rb == 1) {
          for (int j = 0; j < cols; j++) sc[j] = scale * dot(q, K + (size_t)j * D, hd);
          softmax_row(sc, cols, cols);
          for (int d = 0; d < hd; d++) o[d] = 0.f;
          for (int j = 0; j < cols; j++) {
            const float* vj = Vc + (size_t)j * D;
            float p = sc[j];
            for (int d = 0; d < hd; d++) o[d] += p * vj[d];
          }
        } else {
          gemm_serial(Mat{q, 3 * D, false}, Mat{K, D, true}, sc, cols, m.rb, cols, hd, scale, 0.f);
          for (int i = 0; i < m.rb; i++) softmax_row(sc + (size_t)i * cols, cols, len + m.r0 + i + 1);
          gemm_serial(Mat{sc, cols, false}, Mat{Vc, D, false}, o, D, m.rb, hd, cols, 1.f, 0.f);
        }
      }
      // x += proj(att) + bias; x += out(gelu(fc(ln2(x)) + bias)) + bias
      par_linear(att, total, D, w[4], D, w[5], x, 1.f, nullptr);
#pragma omp for schedule(static)
      for (int r = 0; r < total; r++) ln_row(x + (size_t)r * D, w[6], w[7], h + (size_t)r * D, D);
      par_linear(h, total, D, w[8], F, w[9], pre, 0.f, mlp);
      par_linear(mlp, total, F, w[10], D, w[11], x, 1.f, nullptr);
    }
    const float* const* fw = a->w + 12 * L;
#pragma omp for schedule(static)
    for (int s = 0; s < S; s++) ln_row(x + (size_t)(dec_row_start[s + 1] - 1) * D, fw[0], fw[1], last + (size_t)s * D, D);
    par_linear(last, S, D, fw[2], V, nullptr, a->logits, 0.f, nullptr);
  }
}

const VrIsa table = {
    VR_NAME, MR,       NR,      VW * 4,     k_gemm,     gelu_fwd, gelu_bwd,  layernorm_fwd, layernorm_bwd, softmax_rows,
    attn_fwd, attn_bwd, xent_fwd, xent_bwd, adamw,      add_bcast, accumulate, col_sum,     embed_fwd,     embed_bwd,
    decode_step,
};

}  // namespace

extern "C" const VrIsa* VR_ENTRY(void) { return &table; }
