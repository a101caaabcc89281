/*
 * splitFloat64Rows(src, dst, columnLength, stride, rows, at, first, items): the transpose readHdf
 * does on every row slice of pandas' float block, natively. Row r's items first..first+items-1
 * (of `stride` float64 items per row in `src`) go to rows at+r of `items` consecutive columns of
 * `columnLength` float64 each in `dst`. Both are Uint8Array views, 8-byte aligned; the caller
 * checks the bounds.
 */
#include "napi_args.h"
#include <string.h>

/* Rows per block: a block of the slice (stride × 512 × 8 bytes) stays in L2 across the passes. */
#define BLOCK_ROWS 512

static void split_block(const double* restrict src, double* restrict dst, int64_t column_length, int64_t stride,
                        int64_t rows, int64_t at, int64_t first, int64_t items) {
  /* Four columns per pass over the block's rows: four sequential write streams at once. */
  int64_t j = 0;
  for (; j + 4 <= items; j += 4) {
    double* o0 = dst + j * column_length + at;
    double* o1 = o0 + column_length;
    double* o2 = o1 + column_length;
    double* o3 = o2 + column_length;
    const double* s = src + first + j;
    for (int64_t r = 0; r < rows; r++, s += stride) {
      o0[r] = s[0];
      o1[r] = s[1];
      o2[r] = s[2];
      o3[r] = s[3];
    }
  }
  for (; j < items; j++) {
    double* o = dst + j * column_length + at;
    const double* s = src + first + j;
    for (int64_t r = 0; r < rows; r++, s += stride) o[r] = *s;
  }
}

static void split_rows(const double* src, double* dst, int64_t column_length, int64_t stride, int64_t rows,
                       int64_t at, int64_t first, int64_t items) {
  for (int64_t r = 0; r < rows; r += BLOCK_ROWS) {
    int64_t count = rows - r < BLOCK_ROWS ? rows - r : BLOCK_ROWS;
    split_block(src + r * stride, dst, column_length, stride, count, at + r, first, items);
  }
}

static int view_of(napi_env env, napi_value value, uint8_t** data, size_t* length) {
  napi_typedarray_type type;
  size_t offset;
  napi_value buffer;
  void* pointer;
  if (napi_get_typedarray_info(env, value, &type, length, &pointer, &buffer, &offset) != napi_ok || type != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "splitFloat64Rows: src and dst must be Uint8Arrays");
    return 0;
  }
  *data = pointer;
  return 1;
}

static napi_value split_float64_rows(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 8) {
    napi_throw_error(env, NULL, "splitFloat64Rows: wrong number of arguments");
    return NULL;
  }
  uint8_t *src, *dst;
  size_t src_length, dst_length;
  if (!view_of(env, argv[0], &src, &src_length) || !view_of(env, argv[1], &dst, &dst_length)) return NULL;
  int64_t column_length = int_arg(env, argv[2]), stride = int_arg(env, argv[3]), rows = int_arg(env, argv[4]);
  int64_t at = int_arg(env, argv[5]), first = int_arg(env, argv[6]), items = int_arg(env, argv[7]);
  if (rows <= 0 || items <= 0) return NULL;
  /* The same bounds the TypeScript path checks, so a bad call is an error, never a wild write. */
  if ((uintptr_t)src % 8 || (uintptr_t)dst % 8 || at < 0 || first < 0 || at + rows > column_length ||
      (size_t)(((rows - 1) * stride + first + items) * 8) > src_length || (size_t)(items * column_length * 8) > dst_length) {
    napi_throw_range_error(env, NULL, "splitFloat64Rows: rows or columns outside the buffers");
    return NULL;
  }
  split_rows((const double*)src, (double*)dst, column_length, stride, rows, at, first, items);
  return NULL;
}

void register_split_rows(napi_env env, napi_value exports) {
  static const struct named_function functions[] = {{"splitFloat64Rows", split_float64_rows}};
  export_functions(env, exports, functions, 1);
}
