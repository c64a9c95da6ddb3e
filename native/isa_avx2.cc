// AVX2 + FMA: 16 ymm registers of 8 floats; a 6 x 16 tile is 12 accumulators + 2 loads of B + 1 broadcast
// (the 12 x 32 tile of the AVX-512 build would need 48 and spill). Built with -mavx2 -mfma and no AVX-512.
#if defined(__x86_64__) && defined(__AVX2__) && defined(__FMA__) && !defined(__AVX512F__)
#define VR_NAME "avx2"
#define VR_ENTRY vreason_isa_avx2
#define VR_VW 8
#define VR_MR 6
#define VR_NV 2
#include "kernels_impl.h"
#endif
