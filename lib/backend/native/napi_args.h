/* Argument reading and export helpers shared by the addon's C files. */
#ifndef TSLAB_KERAS_NAPI_ARGS_H
#define TSLAB_KERAS_NAPI_ARGS_H
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>

/* Reads exactly `expected` arguments, or throws "<name>: wrong number of arguments". */
static inline int get_args(napi_env env, napi_callback_info info, size_t expected, napi_value* argv, const char* name) {
  size_t argc = expected;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != expected) {
    char message[96];
    snprintf(message, sizeof message, "%s: wrong number of arguments", name);
    napi_throw_error(env, NULL, message);
    return 0;
  }
  return 1;
}

/* Reads exactly `expected` arguments; the first must be the heap (a Uint8Array over wasm memory). */
static inline int read_args(napi_env env, napi_callback_info info, size_t expected, napi_value* argv, uint8_t** heap) {
  size_t argc = expected;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != expected) {
    napi_throw_error(env, NULL, "tslab-keras native BLAS: wrong number of arguments");
    return 0;
  }
  napi_typedarray_type type;
  size_t length, offset;
  napi_value buffer;
  void* data;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &data, &buffer, &offset) != napi_ok || type != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "tslab-keras native BLAS: the heap must be a Uint8Array");
    return 0;
  }
  *heap = data;
  return 1;
}

static inline int64_t int_arg(napi_env env, napi_value value) {
  int64_t result = 0;
  napi_get_value_int64(env, value, &result);
  return result;
}

static inline double number_arg(napi_env env, napi_value value) {
  double result = 0;
  napi_get_value_double(env, value, &result);
  return result;
}

struct named_function {
  const char* name;
  napi_callback fn;
};

static inline void export_functions(napi_env env, napi_value exports, const struct named_function* functions, size_t count) {
  for (size_t i = 0; i < count; i++) {
    napi_value fn;
    napi_create_function(env, functions[i].name, NAPI_AUTO_LENGTH, functions[i].fn, NULL, &fn);
    napi_set_named_property(env, exports, functions[i].name, fn);
  }
}

void register_blas_kernels(napi_env env, napi_value exports);
void register_training_kernels(napi_env env, napi_value exports);
void register_lstm_kernels(napi_env env, napi_value exports);
void register_memory_functions(napi_env env, napi_value exports);
void register_split_rows(napi_env env, napi_value exports);
void register_narrow_int64(napi_env env, napi_value exports);

#endif
