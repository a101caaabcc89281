/* The one N-API module: each C file of this folder exports its functions through here. */
#include "napi_args.h"

NAPI_MODULE_INIT() {
  register_blas_kernels(env, exports);
  register_training_kernels(env, exports);
  register_lstm_kernels(env, exports);
  register_memory_functions(env, exports);
  register_split_rows(env, exports);
  register_narrow_int64(env, exports);
  return exports;
}
