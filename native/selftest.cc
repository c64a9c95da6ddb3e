// Standalone check of every kernel table in a build against naive double-precision references, with
// no Node involved: it is what a cross-build can run under an emulator (qemu-aarch64 for the NEON
// table). Build with VREASON_NATIVE_SELFTEST=path node scripts/build-native.mjs; run `path [isa...]`
// (default: every table that was compiled and that this CPU runs). Exit status 0 when all agree.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "isa.h"

static unsigned rng_state = 12345;
static float frand() {
  rng_state = rng_state * 1664525u + 1013904223u;
  return ((rng_state >> 8) & 0xffff) / 32768.f - 1.f;
}
static std::vector<float> rand_vec(size_t n) {
  std::vector<float> v(n);
  for (auto& x : v) x = frand();
  return v;
}

static int failures = 0;
// Max |got - want| relative to the largest |want| (elementwise ratios blow up on near-zero entries).
static void expect_close(const char* isa, const char* what, const std::vector<float>& got, const std::vector<double>& want, double tol = 1e-5) {
  double worst = 0, scale = 1e-12;
  for (size_t i = 0; i < want.size(); i++) scale = std::fmax(scale, std::fabs(want[i]));
  for (size_t i = 0; i < want.size(); i++) worst = std::fmax(worst, std::fabs(got[i] - want[i]) / scale);
  if (!(worst <= tol)) {
    failures++;
    std::printf("FAIL %s %s: worst relative error %.3g\n", isa, what, worst);
  }
}

static double gelu_ref(double v) { return 0.5 * v * (1 + std::tanh(0.7978845608028654 * (v + 0.044715 * v * v * v))); }

static void check_gemm(const VrIsa* t) {
  const int shapes[][3] = {{1, 7, 5}, {3, 50, 17}, {13, 37, 19}, {37, 65, 300}, {130, 70, 260}, {200, 33, 8}};
  for (auto& s : shapes) {
    int M = s[0], N = s[1], K = s[2];
    for (int ta = 0; ta < 2; ta++)
      for (int tb = 0; tb < 2; tb++)
        for (int epi = 0; epi < 2; epi++) {
          int lda = (ta ? M : K) + 3, ldb = (tb ? K : N) + 2, ldc = N + 1;
          auto A = rand_vec((size_t)(ta ? K : M) * lda), B = rand_vec((size_t)(tb ? N : K) * ldb), C = rand_vec((size_t)M * ldc);
          auto bias = rand_vec(N);
          std::vector<float> G((size_t)M * ldc, 0.f);
          float alpha = epi ? 1.f : 0.5f, beta = epi ? 0.f : 0.25f;
          std::vector<double> want(C.size()), wantg(C.size());
          for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++) {
              double acc = 0;
              for (int p = 0; p < K; p++) acc += (double)(ta ? A[(size_t)p * lda + i] : A[(size_t)i * lda + p]) * (tb ? B[(size_t)j * ldb + p] : B[(size_t)p * ldb + j]);
              double c = alpha * acc + beta * C[(size_t)i * ldc + j] + (epi ? bias[j] : 0.);
              want[(size_t)i * ldc + j] = c;
              wantg[(size_t)i * ldc + j] = gelu_ref(c);
            }
          for (int i = 0; i < M; i++) want[(size_t)i * ldc + N] = C[(size_t)i * ldc + N], wantg[(size_t)i * ldc + N] = 0;
          t->gemm(ta, tb, M, N, K, alpha, A.data(), lda, B.data(), ldb, beta, C.data(), ldc, epi ? bias.data() : nullptr, epi ? G.data() : nullptr);
          char what[96];
          std::snprintf(what, sizeof what, "gemm %dx%dx%d ta=%d tb=%d%s", M, N, K, ta, tb, epi ? " +bias+gelu" : "");
          expect_close(t->name, what, C, want);
          if (epi) expect_close(t->name, what, G, wantg);
        }
  }
}

static void check_attention(const VrIsa* t) {
  for (int T : {5, 50, 97}) {
    for (int causal = 0; causal < 2; causal++) {
      int B = 2, H = 2, hd = 8, D = H * hd;
      auto qkv = rand_vec((size_t)B * T * 3 * D), dout = rand_vec((size_t)B * T * D);
      std::vector<float> out((size_t)B * T * D), P((size_t)B * H * T * T), dq(qkv.size());
      std::vector<double> wout(out.size()), wdq(qkv.size(), 0.0);
      double scale = 1 / std::sqrt((double)hd);
      for (int b = 0; b < B; b++)
        for (int h = 0; h < H; h++) {
          auto Q = [&](int i, int d) { return (double)qkv[((size_t)b * T + i) * 3 * D + h * hd + d]; };
          auto Kk = [&](int i, int d) { return (double)qkv[((size_t)b * T + i) * 3 * D + D + h * hd + d]; };
          auto V = [&](int i, int d) { return (double)qkv[((size_t)b * T + i) * 3 * D + 2 * D + h * hd + d]; };
          auto dO = [&](int i, int d) { return (double)dout[((size_t)b * T + i) * D + h * hd + d]; };
          std::vector<double> p((size_t)T * T, 0.0), ds((size_t)T * T, 0.0);
          for (int i = 0; i < T; i++) {
            int valid = causal ? i + 1 : T;
            double mx = -1e300;
            for (int j = 0; j < valid; j++) {
              double s = 0;
              for (int d = 0; d < hd; d++) s += Q(i, d) * Kk(j, d);
              p[(size_t)i * T + j] = s * scale;
              mx = std::fmax(mx, s * scale);
            }
            double sum = 0;
            for (int j = 0; j < valid; j++) sum += (p[(size_t)i * T + j] = std::exp(p[(size_t)i * T + j] - mx));
            for (int j = 0; j < valid; j++) p[(size_t)i * T + j] /= sum;
            for (int d = 0; d < hd; d++) {
              double o = 0;
              for (int j = 0; j < valid; j++) o += p[(size_t)i * T + j] * V(j, d);
              wout[((size_t)b * T + i) * D + h * hd + d] = o;
            }
            // dP, dS
            double rs = 0;
            for (int j = 0; j < valid; j++) {
              double dp = 0;
              for (int d = 0; d < hd; d++) dp += dO(i, d) * V(j, d);
              ds[(size_t)i * T + j] = dp;
              rs += dp * p[(size_t)i * T + j];
            }
            for (int j = 0; j < valid; j++) ds[(size_t)i * T + j] = p[(size_t)i * T + j] * (ds[(size_t)i * T + j] - rs) * scale;
          }
          for (int i = 0; i < T; i++)
            for (int j = 0; j < T; j++)
              for (int d = 0; d < hd; d++) {
                size_t qi = ((size_t)b * T + i) * 3 * D + h * hd + d, kj = ((size_t)b * T + j) * 3 * D + D + h * hd + d;
                wdq[qi] += ds[(size_t)i * T + j] * Kk(j, d);
                wdq[kj] += ds[(size_t)i * T + j] * Q(i, d);
                wdq[kj + D] += p[(size_t)i * T + j] * dO(i, d);
              }
        }
      t->attn_fwd(qkv.data(), out.data(), P.data(), B, T, H, hd, causal);
      t->attn_bwd(qkv.data(), P.data(), dout.data(), dq.data(), B, T, H, hd, causal);
      char what[64];
      std::snprintf(what, sizeof what, "attention T=%d causal=%d forward", T, causal);
      expect_close(t->name, what, out, wout);
      std::snprintf(what, sizeof what, "attention T=%d causal=%d backward", T, causal);
      expect_close(t->name, what, dq, wdq);
    }
  }
}

static void check_rows(const VrIsa* t) {
  int rows = 300, cols = 257;
  auto x = rand_vec((size_t)rows * cols);
  for (auto& v : x) v *= 4;
  std::vector<float> y(x.size());
  std::vector<double> w(x.size());
  t->gelu_fwd(x.data(), y.data(), x.size());
  for (size_t i = 0; i < x.size(); i++) w[i] = gelu_ref(x[i]);
  expect_close(t->name, "gelu", y, w);
  t->softmax(x.data(), y.data(), rows, cols);
  for (int r = 0; r < rows; r++) {
    double mx = -1e300, s = 0;
    for (int c = 0; c < cols; c++) mx = std::fmax(mx, x[(size_t)r * cols + c]);
    for (int c = 0; c < cols; c++) s += std::exp(x[(size_t)r * cols + c] - mx);
    for (int c = 0; c < cols; c++) w[(size_t)r * cols + c] = std::exp(x[(size_t)r * cols + c] - mx) / s;
  }
  expect_close(t->name, "softmax", y, w);
  std::vector<float> cs(cols, 1.f);
  std::vector<double> wcs(cols, 1.0);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) wcs[c] += x[(size_t)r * cols + c];
  t->col_sum(x.data(), cs.data(), rows, cols);
  expect_close(t->name, "col_sum", cs, wcs);
  std::vector<int32_t> ids(rows);
  for (int i = 0; i < rows; i++) ids[i] = i % 7 == 3 ? -1 : (i * 5) % 11;
  std::vector<float> gt((size_t)11 * cols, 0.f);
  std::vector<double> wgt(gt.size(), 0.0);
  for (int i = 0; i < rows; i++)
    if (ids[i] >= 0)
      for (int c = 0; c < cols; c++) wgt[(size_t)ids[i] * cols + c] += x[(size_t)i * cols + c];
  t->embed_bwd(x.data(), ids.data(), gt.data(), rows, cols);
  expect_close(t->name, "embed_bwd", gt, wgt);
}

int main(int argc, char** argv) {
  struct {
    const char* name;
    const VrIsa* (*entry)(void);
    bool runs;
  } isas[] = {
#if defined(__x86_64__)
      {"avx512", vreason_isa_avx512, __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")},
      {"avx2", vreason_isa_avx2, __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")},
#endif
      {"neon", vreason_isa_neon, true},
      {"generic", vreason_isa_generic, true},
  };
  int ran = 0;
  for (auto& e : isas) {
    if (!e.entry || !e.runs) continue;
    bool wanted = argc < 2;
    for (int i = 1; i < argc; i++) wanted |= std::strcmp(argv[i], e.name) == 0;
    if (!wanted) continue;
    const VrIsa* t = e.entry();
    int before = failures;
    check_gemm(t);
    check_attention(t);
    check_rows(t);
    std::printf("%s (tile %dx%d, %d-byte vectors): %s\n", t->name, t->mr, t->nr, t->vector_bytes, failures == before ? "ok" : "FAILED");
    ran++;
  }
  if (!ran) {
    std::printf("no kernel table selected\n");
    return 2;
  }
  return failures ? 1 : 0;
}
