// arm64 NEON (Advanced SIMD is part of the base arm64 ISA): 32 q registers of 4 floats; an 8 x 12 tile is
// 24 accumulators + 3 loads of B + the A values. Compiled only for aarch64 targets.
#if defined(__aarch64__)
#define VR_NAME "neon"
#define VR_ENTRY vreason_isa_neon
#define VR_VW 4
#define VR_MR 8
#define VR_NV 3
#include "kernels_impl.h"
#endif
