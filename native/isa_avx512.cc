// AVX-512F: 32 zmm registers of 16 floats; a 12 x 32 tile is 24 accumulators + 2 loads of B + 1 broadcast.
// Built with -mavx512f -mavx512vl -mavx512dq -mavx2 -mfma (scripts/build-native.mjs).
#if defined(__x86_64__) && defined(__AVX512F__)
#define VR_NAME "avx512"
#define VR_ENTRY vreason_isa_avx512
#define VR_VW 16
#define VR_MR 12
#define VR_NV 2
#include "kernels_impl.h"
#endif
