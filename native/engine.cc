// vreason native kernels: the hot loops of src/nn behind a plain Node-API (C ABI) interface.
//
// Everything here has a pure-TypeScript twin in src/nn/kernels/js.ts with the same signature and
// the same semantics (to float tolerance); the engine picks this file's build when it loads and
// passes a self-check. Arrays arrive as Float32Array/Int32Array plus an element offset, so callers
// can address a head or a column block of a larger buffer without copying.
//
// SGEMM is the classic Goto/BLIS structure: op(B) is packed into KC x NR panels, op(A) into
// MR x KC panels (transposes are absorbed by the packing, never materialised), and a register-
// blocked MR x NR micro-kernel written with GCC vector extensions (so it compiles on any target;
// with -march=native on AVX-512 it becomes zmm FMAs).
#ifndef NODE_GYP_MODULE_NAME
#define NODE_GYP_MODULE_NAME vreason_engine
#endif
#include <node_api.h>
#include <omp.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

typedef float v16 __attribute__((vector_size(64), aligned(4)));
typedef float v16a __attribute__((vector_size(64)));

static constexpr int MR = 12;  // rows of C per micro-tile
static constexpr int NR = 32;  // columns of C per micro-tile (2 vectors of 16)
static constexpr int KC = 256; // depth of a packed panel
static constexpr int MC_MAX = 144;
static constexpr int NC = 4096;

// ---------------------------------------------------------------------------------------------
// SGEMM: C = alpha * op(A) * op(B) + beta * C, row-major, op(X) = X or X^T.

struct Mat {
  const float* p;
  int ld;
  bool t;
  // element (r, c) of op(X)
  inline float at(int r, int c) const { return t ? p[(size_t)c * ld + r] : p[(size_t)r * ld + c]; }
};

// Pack rows [i0, i0+mc) x depth [p0, p0+kc) of op(A) into MR-row panels: dst[panel][p][i].
static void pack_a(const Mat& A, int i0, int mc, int p0, int kc, float* dst) {
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

// Pack depth [p0, p0+kc) x columns [j0+jp, ...) of op(B) as one NR-column panel: dst[p][j].
static void pack_b_panel(const Mat& B, int p0, int kc, int j, int nr, float* d) {
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

// The register-blocked inner kernel: MR x NR accumulators (24 zmm on AVX-512).
static inline void micro(int kc, const float* __restrict a, const float* __restrict b, float* c, int ldc, int mr, int nr,
                         float alpha, float beta) {
  v16a acc0[MR], acc1[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; i++) {
    acc0[i] = (v16a){};
    acc1[i] = (v16a){};
  }
  for (int p = 0; p < kc; p++) {
    v16a b0 = *(const v16a*)(b + p * NR);
    v16a b1 = *(const v16a*)(b + p * NR + 16);
    const float* ap = a + p * MR;
#pragma GCC unroll 12
    for (int i = 0; i < MR; i++) {
      float s = ap[i];
      acc0[i] += s * b0;
      acc1[i] += s * b1;
    }
  }
  if (mr == MR && nr == NR) {
    for (int i = 0; i < MR; i++) {
      v16* c0 = (v16*)(c + (size_t)i * ldc);
      v16* c1 = (v16*)(c + (size_t)i * ldc + 16);
      if (beta == 0.f) {
        *c0 = alpha * acc0[i];
        *c1 = alpha * acc1[i];
      } else {
        *c0 = alpha * acc0[i] + beta * *c0;
        *c1 = alpha * acc1[i] + beta * *c1;
      }
    }
    return;
  }
  alignas(64) float tile[MR * NR];
  for (int i = 0; i < MR; i++) {
    *(v16a*)(tile + i * NR) = acc0[i];
    *(v16a*)(tile + i * NR + 16) = acc1[i];
  }
  for (int i = 0; i < mr; i++)
    for (int j = 0; j < nr; j++) {
      float* cp = c + (size_t)i * ldc + j;
      *cp = beta == 0.f ? alpha * tile[i * NR + j] : alpha * tile[i * NR + j] + beta * *cp;
    }
}

static float* scratch(std::vector<float>& v, size_t n) {
  if (v.size() < n + 16) v.resize(n + 16);
  uintptr_t p = (uintptr_t)v.data();
  return (float*)((p + 63) & ~(uintptr_t)63);
}

static thread_local std::vector<float> tl_a, tl_b;
static std::vector<float> shared_b;

// Single-threaded GEMM (used inside already-parallel loops, e.g. per attention head).
static void gemm_serial(const Mat& A, const Mat& B, float* C, int ldc, int M, int N, int K, float alpha, float beta) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    for (int i = 0; i < M; i++)
      for (int j = 0; j < N; j++) C[(size_t)i * ldc + j] = beta == 0.f ? 0.f : beta * C[(size_t)i * ldc + j];
    return;
  }
  int nc_max = N < NC ? N : NC;
  float* pb = scratch(tl_b, (size_t)KC * ((nc_max + NR - 1) / NR) * NR);
  float* pa = scratch(tl_a, (size_t)KC * ((MC_MAX + MR - 1) / MR) * MR);
  for (int jc = 0; jc < N; jc += NC) {
    int nc = N - jc < NC ? N - jc : NC;
    for (int pc = 0; pc < K; pc += KC) {
      int kc = K - pc < KC ? K - pc : KC;
      float bt = pc == 0 ? beta : 1.f;
      for (int jp = 0; jp < nc; jp += NR) pack_b_panel(B, pc, kc, jc + jp, nc - jp < NR ? nc - jp : NR, pb + (size_t)jp * kc);
      for (int ic = 0; ic < M; ic += MC_MAX) {
        int mc = M - ic < MC_MAX ? M - ic : MC_MAX;
        pack_a(A, ic, mc, pc, kc, pa);
        for (int jr = 0; jr < nc; jr += NR)
          for (int ir = 0; ir < mc; ir += MR)
            micro(kc, pa + (size_t)ir * kc, pb + (size_t)jr * kc, C + (size_t)(ic + ir) * ldc + jc + jr, ldc,
                  mc - ir < MR ? mc - ir : MR, nc - jr < NR ? nc - jr : NR, alpha, bt);
      }
    }
  }
}

// Multi-threaded GEMM: B panels are packed cooperatively and shared; each thread packs and
// multiplies its own row blocks of A (MC chosen so every thread gets work even for small M).
static void gemm_parallel(const Mat& A, const Mat& B, float* C, int ldc, int M, int N, int K, float alpha, float beta) {
  int nt = omp_get_max_threads();
  if (nt <= 1 || (double)M * N * K < 2e5 || K <= 0) {
    gemm_serial(A, B, C, ldc, M, N, K, alpha, beta);
    return;
  }
  int per = (M + nt - 1) / nt;
  int mc_blk = ((per + MR - 1) / MR) * MR;
  if (mc_blk > MC_MAX) mc_blk = MC_MAX;
  int nc_max = N < NC ? N : NC;
  float* pb = scratch(shared_b, (size_t)KC * ((nc_max + NR - 1) / NR) * NR);
#pragma omp parallel
  {
    float* pa = scratch(tl_a, (size_t)KC * ((MC_MAX + MR - 1) / MR) * MR);
    for (int jc = 0; jc < N; jc += NC) {
      int nc = N - jc < NC ? N - jc : NC;
      for (int pc = 0; pc < K; pc += KC) {
        int kc = K - pc < KC ? K - pc : KC;
        float bt = pc == 0 ? beta : 1.f;
#pragma omp for schedule(static)
        for (int jp = 0; jp < nc; jp += NR) pack_b_panel(B, pc, kc, jc + jp, nc - jp < NR ? nc - jp : NR, pb + (size_t)jp * kc);
#pragma omp for schedule(static)
        for (int ic = 0; ic < M; ic += mc_blk) {
          int mc = M - ic < mc_blk ? M - ic : mc_blk;
          pack_a(A, ic, mc, pc, kc, pa);
          for (int jr = 0; jr < nc; jr += NR)
            for (int ir = 0; ir < mc; ir += MR)
              micro(kc, pa + (size_t)ir * kc, pb + (size_t)jr * kc, C + (size_t)(ic + ir) * ldc + jc + jr, ldc,
                    mc - ir < MR ? mc - ir : MR, nc - jr < NR ? nc - jr : NR, alpha, bt);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Vectorisable transcendental helpers (branch-free so -O3 turns the loops into SIMD).

static inline float fast_exp(float x) {
  x = x < -87.f ? -87.f : (x > 88.f ? 88.f : x);
  float n = __builtin_roundf(x * 1.44269504088896341f);
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
static inline float fast_tanh(float x) {
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

// ---------------------------------------------------------------------------------------------
// Row kernels.

static constexpr float GELU_K = 0.7978845608028654f;  // sqrt(2/pi)
static constexpr float GELU_C = 0.044715f;

static void gelu_fwd(const float* x, float* y, size_t n) {
#pragma omp parallel for schedule(static) if (n > 32768)
  for (size_t i = 0; i < n; i++) {
    float v = x[i];
    float t = fast_tanh(GELU_K * (v + GELU_C * v * v * v));
    y[i] = 0.5f * v * (1.f + t);
  }
}

// dx = dy * gelu'(x), accumulated into dx when acc != 0
static void gelu_bwd(const float* x, const float* dy, float* dx, size_t n, bool acc) {
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

static void layernorm_fwd(const float* x, const float* g, const float* b, float* y, float* mean, float* rstd, int rows, int cols,
                          float eps) {
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
static void layernorm_bwd(const float* x, const float* g, const float* mean, const float* rstd, const float* dy, float* dx, float* dg,
                          float* db, int rows, int cols, bool acc) {
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

// In-place softmax over the first `valid(r)` entries of each row; the rest become 0 (causal mask).
static inline void softmax_row(float* row, int n, int valid) {
  float mx = -INFINITY;
  for (int j = 0; j < valid; j++) mx = row[j] > mx ? row[j] : mx;
  float s = 0.f;
  for (int j = 0; j < valid; j++) {
    float e = fast_exp(row[j] - mx);
    row[j] = e;
    s += e;
  }
  float inv = 1.f / s;
  for (int j = 0; j < valid; j++) row[j] *= inv;
  for (int j = valid; j < n; j++) row[j] = 0.f;
}

static void softmax_rows(const float* x, float* y, int rows, int cols) {
#pragma omp parallel for schedule(static) if ((size_t)rows * cols > 32768)
  for (int r = 0; r < rows; r++) {
    if (x != y) std::memcpy(y + (size_t)r * cols, x + (size_t)r * cols, sizeof(float) * cols);
    softmax_row(y + (size_t)r * cols, cols, cols);
  }
}

// ---------------------------------------------------------------------------------------------
// Fused multi-head attention over a packed qkv buffer [B, T, 3D] (q | k | v, heads contiguous in
// each), writing out [B, T, D] and keeping the probabilities P [B, H, T, T] for the backward pass.

static void attn_fwd(const float* qkv, float* out, float* P, int B, int T, int H, int hd, bool causal) {
  int D = H * hd;
  float scale = 1.f / std::sqrt((float)hd);
#pragma omp parallel for schedule(dynamic)
  for (int bh = 0; bh < B * H; bh++) {
    int b = bh / H, h = bh % H;
    const float* q = qkv + (size_t)b * T * 3 * D + h * hd;
    float* p = P + (size_t)bh * T * T;
    gemm_serial(Mat{q, 3 * D, false}, Mat{q + D, 3 * D, true}, p, T, T, T, hd, scale, 0.f);
    for (int i = 0; i < T; i++) softmax_row(p + (size_t)i * T, T, causal ? i + 1 : T);
    gemm_serial(Mat{p, T, false}, Mat{q + 2 * D, 3 * D, false}, out + (size_t)b * T * D + h * hd, D, T, hd, T, 1.f, 0.f);
  }
}

static thread_local std::vector<float> tl_ds;

static void attn_bwd(const float* qkv, const float* P, const float* dout, float* dqkv, int B, int T, int H, int hd) {
  int D = H * hd;
  float scale = 1.f / std::sqrt((float)hd);
#pragma omp parallel for schedule(dynamic)
  for (int bh = 0; bh < B * H; bh++) {
    int b = bh / H, h = bh % H;
    const float* q = qkv + (size_t)b * T * 3 * D + h * hd;
    float* dq = dqkv + (size_t)b * T * 3 * D + h * hd;
    const float* p = P + (size_t)bh * T * T;
    const float* dO = dout + (size_t)b * T * D + h * hd;
    float* ds = scratch(tl_ds, (size_t)T * T);
    // dP = dO V^T ; dV = P^T dO
    gemm_serial(Mat{dO, D, false}, Mat{q + 2 * D, 3 * D, true}, ds, T, T, T, hd, 1.f, 0.f);
    gemm_serial(Mat{p, T, true}, Mat{dO, D, false}, dq + 2 * D, 3 * D, T, hd, T, 1.f, 0.f);
    // dS = P * (dP - rowsum(dP * P)) * scale
    for (int i = 0; i < T; i++) {
      float* dr = ds + (size_t)i * T;
      const float* pr = p + (size_t)i * T;
      float s = 0.f;
      for (int j = 0; j < T; j++) s += dr[j] * pr[j];
      for (int j = 0; j < T; j++) dr[j] = pr[j] * (dr[j] - s) * scale;
    }
    // dQ = dS K ; dK = dS^T Q
    gemm_serial(Mat{ds, T, false}, Mat{q + D, 3 * D, false}, dq, 3 * D, T, hd, T, 1.f, 0.f);
    gemm_serial(Mat{ds, T, true}, Mat{q, 3 * D, false}, dq + D, 3 * D, T, hd, T, 1.f, 0.f);
  }
}

// Cross-entropy over rows of logits with integer targets (target < 0: ignored). Writes each row's
// loss (0 when ignored); the backward writes dlogits = (softmax - onehot) * scale (0 when ignored).
static void xent_fwd(const float* logits, const int32_t* tgt, float* loss, int rows, int V) {
#pragma omp parallel for schedule(static)
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

static void xent_bwd(const float* logits, const int32_t* tgt, float* dl, int rows, int V, float scale) {
#pragma omp parallel for schedule(static)
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

static void adamw(float* w, const float* g, float* m, float* v, size_t n, float lr, float b1, float b2, float eps, float wd, float bc1,
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
// Node-API glue.

#define CHECK(call)                                                   \
  do {                                                                \
    if ((call) != napi_ok) {                                          \
      napi_throw_error(env, nullptr, "vreason engine: bad argument"); \
      return nullptr;                                                 \
    }                                                                 \
  } while (0)

struct Args {
  napi_env env;
  napi_value v[20];
  size_t n = 20;
  bool ok = true;
  Args(napi_env e, napi_callback_info info) : env(e) { ok = napi_get_cb_info(e, info, &n, v, nullptr, nullptr) == napi_ok; }
  template <typename T>
  T* arr(size_t i, napi_typedarray_type want) {
    napi_typedarray_type type;
    size_t len;
    void* data;
    napi_value ab;
    size_t off;
    if (!ok || i >= n || napi_get_typedarray_info(env, v[i], &type, &len, &data, &ab, &off) != napi_ok || type != want) {
      ok = false;
      return nullptr;
    }
    return (T*)data;
  }
  float* f32(size_t i) { return arr<float>(i, napi_float32_array); }
  int32_t* i32(size_t i) { return arr<int32_t>(i, napi_int32_array); }
  double num(size_t i) {
    double d = 0;
    if (!ok || i >= n || napi_get_value_double(env, v[i], &d) != napi_ok) ok = false;
    return d;
  }
  int integer(size_t i) { return (int)num(i); }
  napi_value fail() {
    napi_throw_error(env, nullptr, "vreason engine: bad arguments");
    return nullptr;
  }
};

// gemm(transA, transB, M, N, K, alpha, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc)
static napi_value js_gemm(napi_env env, napi_callback_info info) {
  Args a(env, info);
  bool ta = a.num(0) != 0, tb = a.num(1) != 0;
  int M = a.integer(2), N = a.integer(3), K = a.integer(4);
  float alpha = (float)a.num(5);
  float* A = a.f32(6);
  int aOff = a.integer(7), lda = a.integer(8);
  float* B = a.f32(9);
  int bOff = a.integer(10), ldb = a.integer(11);
  float beta = (float)a.num(12);
  float* C = a.f32(13);
  int cOff = a.integer(14), ldc = a.integer(15);
  if (!a.ok) return a.fail();
  gemm_parallel(Mat{A + aOff, lda, ta}, Mat{B + bOff, ldb, tb}, C + cOff, ldc, M, N, K, alpha, beta);
  return nullptr;
}

static napi_value js_gelu_fwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *x = a.f32(0), *y = a.f32(1);
  size_t n = (size_t)a.num(2);
  if (!a.ok) return a.fail();
  gelu_fwd(x, y, n);
  return nullptr;
}

static napi_value js_gelu_bwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *x = a.f32(0), *dy = a.f32(1), *dx = a.f32(2);
  size_t n = (size_t)a.num(3);
  bool acc = a.num(4) != 0;
  if (!a.ok) return a.fail();
  gelu_bwd(x, dy, dx, n, acc);
  return nullptr;
}

static napi_value js_layernorm_fwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *x = a.f32(0), *g = a.f32(1), *b = a.f32(2), *y = a.f32(3), *mean = a.f32(4), *rstd = a.f32(5);
  int rows = a.integer(6), cols = a.integer(7);
  float eps = (float)a.num(8);
  if (!a.ok) return a.fail();
  layernorm_fwd(x, g, b, y, mean, rstd, rows, cols, eps);
  return nullptr;
}

static napi_value js_layernorm_bwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *x = a.f32(0), *g = a.f32(1), *mean = a.f32(2), *rstd = a.f32(3), *dy = a.f32(4), *dx = a.f32(5), *dg = a.f32(6),
        *db = a.f32(7);
  int rows = a.integer(8), cols = a.integer(9);
  bool acc = a.num(10) != 0;
  if (!a.ok) return a.fail();
  layernorm_bwd(x, g, mean, rstd, dy, dx, dg, db, rows, cols, acc);
  return nullptr;
}

static napi_value js_softmax(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *x = a.f32(0), *y = a.f32(1);
  int rows = a.integer(2), cols = a.integer(3);
  if (!a.ok) return a.fail();
  softmax_rows(x, y, rows, cols);
  return nullptr;
}

static napi_value js_attn_fwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *qkv = a.f32(0), *out = a.f32(1), *P = a.f32(2);
  int B = a.integer(3), T = a.integer(4), H = a.integer(5), hd = a.integer(6);
  bool causal = a.num(7) != 0;
  if (!a.ok) return a.fail();
  attn_fwd(qkv, out, P, B, T, H, hd, causal);
  return nullptr;
}

static napi_value js_attn_bwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *qkv = a.f32(0), *P = a.f32(1), *dout = a.f32(2), *dqkv = a.f32(3);
  int B = a.integer(4), T = a.integer(5), H = a.integer(6), hd = a.integer(7);
  if (!a.ok) return a.fail();
  attn_bwd(qkv, P, dout, dqkv, B, T, H, hd);
  return nullptr;
}

static napi_value js_xent_fwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float* l = a.f32(0);
  int32_t* t = a.i32(1);
  float* loss = a.f32(2);
  int rows = a.integer(3), V = a.integer(4);
  if (!a.ok) return a.fail();
  xent_fwd(l, t, loss, rows, V);
  return nullptr;
}

static napi_value js_xent_bwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float* l = a.f32(0);
  int32_t* t = a.i32(1);
  float* d = a.f32(2);
  int rows = a.integer(3), V = a.integer(4);
  float scale = (float)a.num(5);
  if (!a.ok) return a.fail();
  xent_bwd(l, t, d, rows, V, scale);
  return nullptr;
}

// adamw(w, g, m, v, n, lr, beta1, beta2, eps, weightDecay, step)
static napi_value js_adamw(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *w = a.f32(0), *g = a.f32(1), *m = a.f32(2), *v = a.f32(3);
  size_t n = (size_t)a.num(4);
  float lr = (float)a.num(5), b1 = (float)a.num(6), b2 = (float)a.num(7), eps = (float)a.num(8), wd = (float)a.num(9);
  double step = a.num(10);
  if (!a.ok) return a.fail();
  adamw(w, g, m, v, n, lr, b1, b2, eps, wd, (float)(1.0 - std::pow((double)b1, step)), (float)(1.0 - std::pow((double)b2, step)));
  return nullptr;
}

static napi_value js_threads(napi_env env, napi_callback_info info) {
  Args a(env, info);
  if (a.n >= 1) {
    napi_valuetype t;
    if (napi_typeof(env, a.v[0], &t) == napi_ok && t == napi_number) {
      int n = a.integer(0);
      if (n > 0) omp_set_num_threads(n);
    }
  }
  napi_value r;
  CHECK(napi_create_int32(env, omp_get_max_threads(), &r));
  return r;
}

static napi_value init(napi_env env, napi_value exports) {
  struct {
    const char* name;
    napi_callback fn;
  } fns[] = {{"gemm", js_gemm},           {"geluFwd", js_gelu_fwd},   {"geluBwd", js_gelu_bwd}, {"layernormFwd", js_layernorm_fwd},
             {"layernormBwd", js_layernorm_bwd}, {"softmax", js_softmax}, {"attnFwd", js_attn_fwd}, {"attnBwd", js_attn_bwd},
             {"xentFwd", js_xent_fwd},    {"xentBwd", js_xent_bwd},   {"adamw", js_adamw},      {"threads", js_threads}};
  for (auto& f : fns) {
    napi_value v;
    if (napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &v) != napi_ok) return nullptr;
    if (napi_set_named_property(env, exports, f.name, v) != napi_ok) return nullptr;
  }
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
