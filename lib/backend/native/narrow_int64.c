/*
 * narrowInt64Rows(src, dst, stride, offset, rows, at): readHdf's int64 columns kept as int32 while
 * every value fits (its documented policy). Cell r is the little-endian int64 at byte
 * `offset + r * stride` of `src`; it goes to int32 number `at + r` of `dst`. Stops at the first
 * value that does not fit and returns how many rows were copied, so the caller can widen from
 * there. The same loop in JavaScript runs cold (interpreted) on a first read: ~10 ms per 1M rows.
 */
#include "napi_args.h"
#include <string.h>

static int64_t narrow_rows(const uint8_t* src, int32_t* dst, int64_t stride, int64_t rows) {
  for (int64_t r = 0; r < rows; r++) {
    int64_t v;
    memcpy(&v, src + r * stride, 8);
    if (v != (int32_t)v) return r;
    dst[r] = (int32_t)v;
  }
  return rows;
}

static napi_value narrow_int64_rows(napi_env env, napi_callback_info info) {
  napi_value argv[6], result;
  if (!get_args(env, info, 6, argv, "narrowInt64Rows")) return NULL;
  uint8_t* views[2];
  size_t lengths[2];
  for (int i = 0; i < 2; i++) {
    napi_typedarray_type type;
    size_t offset;
    napi_value buffer;
    void* data;
    if (napi_get_typedarray_info(env, argv[i], &type, &lengths[i], &data, &buffer, &offset) != napi_ok ||
        type != (i == 0 ? napi_uint8_array : napi_int32_array)) {
      napi_throw_type_error(env, NULL, "narrowInt64Rows: src must be a Uint8Array and dst an Int32Array");
      return NULL;
    }
    views[i] = data;
  }
  int64_t stride = int_arg(env, argv[2]), offset = int_arg(env, argv[3]), rows = int_arg(env, argv[4]), at = int_arg(env, argv[5]);
  if (rows < 0 || stride < 8 || offset < 0 || at < 0 || (size_t)(at + rows) > lengths[1] ||
      (rows > 0 && (size_t)(offset + (rows - 1) * stride + 8) > lengths[0])) {
    napi_throw_range_error(env, NULL, "narrowInt64Rows: rows outside the buffers");
    return NULL;
  }
  int64_t done = rows > 0 ? narrow_rows(views[0] + offset, (int32_t*)views[1] + at, stride, rows) : 0;
  napi_create_int64(env, done, &result);
  return result;
}

void register_narrow_int64(napi_env env, napi_value exports) {
  static const struct named_function functions[] = {{"narrowInt64Rows", narrow_int64_rows}};
  export_functions(env, exports, functions, 1);
}
