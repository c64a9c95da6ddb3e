// The portable build: 4-float vectors (SSE2 on x86-64, NEON on arm64, scalar code elsewhere) and a 6 x 8 tile
// (12 accumulators, within any 16-register file). Compiled with the target's baseline flags only.
#define VR_NAME "generic"
#define VR_ENTRY vreason_isa_generic
#define VR_VW 4
#define VR_MR 6
#define VR_NV 2
#include "kernels_impl.h"
