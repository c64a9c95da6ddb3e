// vreason native kernels: the hot loops of src/nn behind a plain Node-API (C ABI) interface.
//
// Everything here has a pure-TypeScript twin in src/nn/kernels/js.ts with the same signature and
// the same semantics (to float tolerance); the engine picks this addon when it loads and passes a
// self-check. Arrays arrive as Float32Array/Int32Array plus an element offset, so callers can
// address a head or a column block of a larger buffer without copying.
//
// The kernels themselves live in native/kernels_impl.h, compiled once per instruction set
// (native/isa_avx512.cc, isa_avx2.cc, isa_neon.cc, isa_generic.cc, each with its own flags). This
// file is built with the target's baseline flags only: it reads the CPU's features, picks the best
// table that was compiled and that the CPU runs (VREASON_ISA, through setIsa, forces one), and
// forwards every call to it.
#ifndef NODE_GYP_MODULE_NAME
#define NODE_GYP_MODULE_NAME vreason_engine
#endif
#include <node_api.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "isa.h"

#ifdef _OPENMP
#include <omp.h>
#else
static inline int omp_get_max_threads() { return 1; }
static inline void omp_set_num_threads(int) {}
#endif

// ---------------------------------------------------------------------------------------------
// Instruction sets: compiled (the weak entry point resolved) and runnable (the CPU has the features).

struct IsaEntry {
  const char* name;
  const VrIsa* (*entry)(void);
  bool (*runs)(void);
};

static bool cpu_avx512() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}
static bool cpu_avx2() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}
static bool cpu_neon() {
#if defined(__aarch64__)
  return true;  // Advanced SIMD is mandatory on arm64
#else
  return false;
#endif
}
static bool cpu_any() { return true; }

// Best first.
static const IsaEntry kIsas[] = {
    {"avx512", vreason_isa_avx512, cpu_avx512},
    {"avx2", vreason_isa_avx2, cpu_avx2},
    {"neon", vreason_isa_neon, cpu_neon},
    {"generic", vreason_isa_generic, cpu_any},
};

static const VrIsa* g_isa = nullptr;

static const VrIsa* isa_named(const char* name, std::string* why) {
  for (const auto& e : kIsas) {
    if (std::strcmp(e.name, name) != 0) continue;
    if (!e.entry) {
      *why = std::string("the ") + name + " kernels were not compiled into this build";
      return nullptr;
    }
    if (!e.runs()) {
      *why = std::string("this CPU lacks the ") + name + " instructions";
      return nullptr;
    }
    return e.entry();
  }
  *why = std::string("unknown instruction set \"") + name + "\" (avx512, avx2, neon or generic)";
  return nullptr;
}

static const VrIsa* best_isa() {
  for (const auto& e : kIsas)
    if (e.entry && e.runs()) return e.entry();
  return nullptr;
}

static std::vector<const char*> cpu_features() {
  std::vector<const char*> f;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
#define FEAT(x) \
  if (__builtin_cpu_supports(x)) f.push_back(x);
  FEAT("sse4.2") FEAT("avx") FEAT("avx2") FEAT("fma") FEAT("avx512f") FEAT("avx512dq") FEAT("avx512bw") FEAT("avx512vl")
#undef FEAT
#elif defined(__aarch64__)
  f.push_back("neon");
#endif
  return f;
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
  // A Float32Array, or nullptr for null/undefined.
  float* f32_or_null(size_t i) {
    napi_valuetype t;
    if (ok && i < n && napi_typeof(env, v[i], &t) == napi_ok && (t == napi_null || t == napi_undefined)) return nullptr;
    return f32(i);
  }
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
  int ta = a.num(0) != 0, tb = a.num(1) != 0;
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
  g_isa->gemm(ta, tb, M, N, K, alpha, A + aOff, lda, B + bOff, ldb, beta, C + cOff, ldc, nullptr, nullptr);
  return nullptr;
}

static napi_value js_gelu_fwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *x = a.f32(0), *y = a.f32(1);
  size_t n = (size_t)a.num(2);
  if (!a.ok) return a.fail();
  g_isa->gelu_fwd(x, y, n);
  return nullptr;
}

static napi_value js_gelu_bwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *x = a.f32(0), *dy = a.f32(1), *dx = a.f32(2);
  size_t n = (size_t)a.num(3);
  int acc = a.num(4) != 0;
  if (!a.ok) return a.fail();
  g_isa->gelu_bwd(x, dy, dx, n, acc);
  return nullptr;
}

static napi_value js_layernorm_fwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *x = a.f32(0), *g = a.f32(1), *b = a.f32(2), *y = a.f32(3), *mean = a.f32(4), *rstd = a.f32(5);
  int rows = a.integer(6), cols = a.integer(7);
  float eps = (float)a.num(8);
  if (!a.ok) return a.fail();
  g_isa->layernorm_fwd(x, g, b, y, mean, rstd, rows, cols, eps);
  return nullptr;
}

static napi_value js_layernorm_bwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *x = a.f32(0), *g = a.f32(1), *mean = a.f32(2), *rstd = a.f32(3), *dy = a.f32(4), *dx = a.f32(5), *dg = a.f32(6),
        *db = a.f32(7);
  int rows = a.integer(8), cols = a.integer(9);
  int acc = a.num(10) != 0;
  if (!a.ok) return a.fail();
  g_isa->layernorm_bwd(x, g, mean, rstd, dy, dx, dg, db, rows, cols, acc);
  return nullptr;
}

static napi_value js_softmax(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *x = a.f32(0), *y = a.f32(1);
  int rows = a.integer(2), cols = a.integer(3);
  if (!a.ok) return a.fail();
  g_isa->softmax(x, y, rows, cols);
  return nullptr;
}

static napi_value js_attn_fwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *qkv = a.f32(0), *out = a.f32(1), *P = a.f32(2);
  int B = a.integer(3), T = a.integer(4), H = a.integer(5), hd = a.integer(6);
  int causal = a.num(7) != 0;
  if (!a.ok) return a.fail();
  g_isa->attn_fwd(qkv, out, P, B, T, H, hd, causal);
  return nullptr;
}

static napi_value js_attn_bwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *qkv = a.f32(0), *P = a.f32(1), *dout = a.f32(2), *dqkv = a.f32(3);
  int B = a.integer(4), T = a.integer(5), H = a.integer(6), hd = a.integer(7);
  int causal = a.n > 8 ? a.num(8) != 0 : 0;
  if (!a.ok) return a.fail();
  g_isa->attn_bwd(qkv, P, dout, dqkv, B, T, H, hd, causal);
  return nullptr;
}

static napi_value js_xent_fwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float* l = a.f32(0);
  int32_t* t = a.i32(1);
  float* loss = a.f32(2);
  int rows = a.integer(3), V = a.integer(4);
  if (!a.ok) return a.fail();
  g_isa->xent_fwd(l, t, loss, rows, V);
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
  g_isa->xent_bwd(l, t, d, rows, V, scale);
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
  g_isa->adamw(w, g, m, v, n, lr, b1, b2, eps, wd, (float)(1.0 - std::pow((double)b1, step)), (float)(1.0 - std::pow((double)b2, step)));
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

// linearFwd(x, w, bias|null, out, geluOut|null, R, O, I): out = x w^T + bias; geluOut = gelu(out)
static napi_value js_linear_fwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *x = a.f32(0), *w = a.f32(1), *bias = a.f32_or_null(2), *out = a.f32(3), *gout = a.f32_or_null(4);
  int R = a.integer(5), O = a.integer(6), I = a.integer(7);
  if (!a.ok) return a.fail();
  g_isa->gemm(0, 1, R, O, I, 1.f, x, I, w, I, 0.f, out, O, bias, gout);
  return nullptr;
}

// add(a, b, out, n, nb): out[i] = a[i] + b[i % nb]
static napi_value js_add(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *x = a.f32(0), *y = a.f32(1), *out = a.f32(2);
  size_t n = (size_t)a.num(3), nb = (size_t)a.num(4);
  if (!a.ok) return a.fail();
  g_isa->add(x, y, out, n, nb);
  return nullptr;
}

// accumulate(dst, dOff, src, sOff, n): dst[dOff + i] += src[sOff + i]
static napi_value js_accumulate(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float* d = a.f32(0);
  size_t dOff = (size_t)a.num(1);
  float* s = a.f32(2);
  size_t sOff = (size_t)a.num(3), n = (size_t)a.num(4);
  if (!a.ok) return a.fail();
  g_isa->accumulate(d + dOff, s + sOff, n);
  return nullptr;
}

// colSum(g, out, rows, cols): out[c] += sum_r g[r, c]
static napi_value js_col_sum(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float *g = a.f32(0), *out = a.f32(1);
  int rows = a.integer(2), cols = a.integer(3);
  if (!a.ok) return a.fail();
  g_isa->col_sum(g, out, rows, cols);
  return nullptr;
}

// embedFwd(table, ids, out, n, D) / embedBwd(g, ids, gtable, n, D); ids are validated by the caller.
static napi_value js_embed_fwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float* t = a.f32(0);
  int32_t* ids = a.i32(1);
  float* out = a.f32(2);
  int n = a.integer(3), D = a.integer(4);
  if (!a.ok) return a.fail();
  g_isa->embed_fwd(t, ids, out, n, D);
  return nullptr;
}

static napi_value js_embed_bwd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  float* g = a.f32(0);
  int32_t* ids = a.i32(1);
  float* gt = a.f32(2);
  int n = a.integer(3), D = a.integer(4);
  if (!a.ok) return a.fail();
  g_isa->embed_bwd(g, ids, gt, n, D);
  return nullptr;
}


// Length (elements) of the Float32Array at v, or -1 when it is not one.
static long f32_len(napi_env env, napi_value v, float** data) {
  napi_typedarray_type type;
  size_t len;
  void* d;
  napi_value ab;
  size_t off;
  if (napi_get_typedarray_info(env, v, &type, &len, &d, &ab, &off) != napi_ok || type != napi_float32_array) return -1;
  *data = (float*)d;
  return (long)len;
}

static long i32_len(napi_env env, napi_value v, int32_t** data) {
  napi_typedarray_type type;
  size_t len;
  void* d;
  napi_value ab;
  size_t off;
  if (napi_get_typedarray_info(env, v, &type, &len, &d, &ab, &off) != napi_ok || type != napi_int32_array) return -1;
  *data = (int32_t*)d;
  return (long)len;
}

static napi_value throw_msg(napi_env env, const std::string& m) {
  napi_throw_error(env, nullptr, ("vreason engine: decodeStep: " + m).c_str());
  return nullptr;
}

// decodeStep(weights: Float32Array[], dims: Int32Array [D, H, L, F, V, rope], x, counts, lens, caps, caches: Float32Array[],
// logits). Every size is checked here: the kernels index the arrays without bounds checks.
static napi_value js_decode_step(napi_env env, napi_callback_info info) {
  Args a(env, info);
  if (!a.ok || a.n < 8) return throw_msg(env, "expected 8 arguments");
  int32_t *dims, *counts, *lens, *caps;
  if (i32_len(env, a.v[1], &dims) != 6) return throw_msg(env, "dims must be an Int32Array of 6");
  VrDecode d;
  d.D = dims[0], d.H = dims[1], d.L = dims[2], d.F = dims[3], d.V = dims[4], d.rope = dims[5];
  if (d.D <= 0 || d.H <= 0 || d.D % d.H || d.L <= 0 || d.F <= 0 || d.V <= 0 || (d.rope && (d.D / d.H) % 2))
    return throw_msg(env, "bad model dimensions");
  const long D = d.D, F = d.F, V = d.V;
  // Matrices transposed, rows padded to vr_decode_ld(outputs) (see isa.h).
  const long want[12] = {D, D, D * vr_decode_ld(3 * D), 3 * D, D * vr_decode_ld(D), D, D, D, D * vr_decode_ld(F), F,
                         F * vr_decode_ld(D), D};
  uint32_t nw = 0;
  bool isArr = false;
  if (napi_is_array(env, a.v[0], &isArr) != napi_ok || !isArr || napi_get_array_length(env, a.v[0], &nw) != napi_ok ||
      nw != (uint32_t)(12 * d.L + 3))
    return throw_msg(env, "weights must be an array of 12 per layer + 3");
  std::vector<const float*> w(nw);
  for (uint32_t i = 0; i < nw; i++) {
    napi_value e;
    float* p;
    long need = i < (uint32_t)(12 * d.L) ? want[i % 12] : (i == nw - 1 ? D * vr_decode_ld(V) : D);
    if (napi_get_element(env, a.v[0], i, &e) != napi_ok || f32_len(env, e, &p) != need)
      return throw_msg(env, "weight " + std::to_string(i) + " has the wrong size");
    w[i] = p;
  }
  d.w = w.data();
  float* x;
  long xl = f32_len(env, a.v[2], &x);
  long S = i32_len(env, a.v[3], &counts);
  if (S <= 0 || i32_len(env, a.v[4], &lens) != S || i32_len(env, a.v[5], &caps) != S)
    return throw_msg(env, "counts, lens and caps must be Int32Arrays of one entry per sequence");
  long total = 0;
  for (long s = 0; s < S; s++) {
    if (counts[s] < 1 || lens[s] < 0 || (long)lens[s] + counts[s] > caps[s])
      return throw_msg(env, "sequence " + std::to_string(s) + ": its new rows do not fit its cache");
    total += counts[s];
  }
  if (xl != total * D) return throw_msg(env, "x must hold D values per new row");
  uint32_t nc = 0;
  if (napi_is_array(env, a.v[6], &isArr) != napi_ok || !isArr || napi_get_array_length(env, a.v[6], &nc) != napi_ok ||
      nc != (uint32_t)S)
    return throw_msg(env, "caches must be an array of one Float32Array per sequence");
  std::vector<float*> caches(S);
  for (long s = 0; s < S; s++) {
    napi_value e;
    if (napi_get_element(env, a.v[6], (uint32_t)s, &e) != napi_ok ||
        f32_len(env, e, &caches[s]) != (long)d.L * 2 * caps[s] * D)
      return throw_msg(env, "cache " + std::to_string(s) + " must hold L * 2 * cap * D values");
  }
  float* logits;
  if (f32_len(env, a.v[7], &logits) != S * V) return throw_msg(env, "logits must hold V values per sequence");
  d.x = x;
  d.nseq = (int)S;
  d.counts = counts;
  d.lens = lens;
  d.caps = caps;
  d.cache = caches.data();
  d.logits = logits;
  g_isa->decode_step(&d);
  return nullptr;
}

static napi_value str_array(napi_env env, const std::vector<const char*>& xs) {
  napi_value arr;
  napi_create_array_with_length(env, xs.size(), &arr);
  for (size_t i = 0; i < xs.size(); i++) {
    napi_value s;
    napi_create_string_utf8(env, xs[i], NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, arr, (uint32_t)i, s);
  }
  return arr;
}

// isaInfo() -> { isa, mr, nr, vectorBytes, compiled: [...], runnable: [...], cpuFeatures: [...], openmp }
static napi_value js_isa_info(napi_env env, napi_callback_info) {
  std::vector<const char*> compiled, runnable;
  for (const auto& e : kIsas) {
    if (!e.entry) continue;
    compiled.push_back(e.name);
    if (e.runs()) runnable.push_back(e.name);
  }
  napi_value o, v;
  napi_create_object(env, &o);
  napi_create_string_utf8(env, g_isa->name, NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, o, "isa", v);
  napi_create_int32(env, g_isa->mr, &v);
  napi_set_named_property(env, o, "mr", v);
  napi_create_int32(env, g_isa->nr, &v);
  napi_set_named_property(env, o, "nr", v);
  napi_create_int32(env, g_isa->vector_bytes, &v);
  napi_set_named_property(env, o, "vectorBytes", v);
  napi_set_named_property(env, o, "compiled", str_array(env, compiled));
  napi_set_named_property(env, o, "runnable", str_array(env, runnable));
  napi_set_named_property(env, o, "cpuFeatures", str_array(env, cpu_features()));
#ifdef _OPENMP
  napi_get_boolean(env, true, &v);
#else
  napi_get_boolean(env, false, &v);
#endif
  napi_set_named_property(env, o, "openmp", v);
  return o;
}

// setIsa(name): switch every kernel to that instruction set's table; throws with the reason when it cannot.
static napi_value js_set_isa(napi_env env, napi_callback_info info) {
  Args a(env, info);
  char name[32] = {0};
  size_t len = 0;
  if (a.n < 1 || napi_get_value_string_utf8(env, a.v[0], name, sizeof name, &len) != napi_ok) return a.fail();
  std::string why;
  const VrIsa* t = isa_named(name, &why);
  if (!t) {
    napi_throw_error(env, nullptr, why.c_str());
    return nullptr;
  }
  g_isa = t;
  return nullptr;
}

static napi_value init(napi_env env, napi_value exports) {
  g_isa = best_isa();
  if (!g_isa) {
    napi_throw_error(env, nullptr, "vreason engine: no kernel table compiled for this CPU");
    return nullptr;
  }
  struct {
    const char* name;
    napi_callback fn;
  } fns[] = {{"gemm", js_gemm},           {"geluFwd", js_gelu_fwd},   {"geluBwd", js_gelu_bwd}, {"layernormFwd", js_layernorm_fwd},
             {"layernormBwd", js_layernorm_bwd}, {"softmax", js_softmax}, {"attnFwd", js_attn_fwd}, {"attnBwd", js_attn_bwd},
             {"xentFwd", js_xent_fwd},    {"xentBwd", js_xent_bwd},   {"adamw", js_adamw},      {"threads", js_threads},
             {"linearFwd", js_linear_fwd}, {"add", js_add}, {"accumulate", js_accumulate}, {"colSum", js_col_sum},
             {"embedFwd", js_embed_fwd}, {"embedBwd", js_embed_bwd}, {"decodeStep", js_decode_step}, {"isaInfo", js_isa_info}, {"setIsa", js_set_isa}};
  for (auto& f : fns) {
    napi_value v;
    if (napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &v) != napi_ok) return nullptr;
    if (napi_set_named_property(env, exports, f.name, v) != napi_ok) return nullptr;
  }
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
