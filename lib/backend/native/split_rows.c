/*
 * readHdf's transpose of pandas' float block into columns, natively.
 *
 * splitFloat64Rows(src, dst, columnLength, stride, rows, at, first, items): row r's items
 * first..first+items-1 (of `stride` float64 items per row in `src`) go to rows at+r of `items`
 * consecutive columns of `columnLength` float64 each in `dst`. Both are Uint8Array views, 8-byte
 * aligned; the bounds are checked here too.
 *
 * splitFloat64FileRows(fd, position, dst, columnLength, stride, rows, at, first, items, threads):
 * the same, with the rows read straight from an open file at byte `position` (where HDF5 itself
 * read the block's first rows: see fixed_format.ts). Each thread preads its share of the rows in
 * cache-sized chunks and splits them, so the block never passes through the wasm heap, and the
 * page faults of the columns are taken on every core at once.
 */
#define _DEFAULT_SOURCE
#include "napi_args.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
  napi_value argv[8];
  if (!get_args(env, info, 8, argv, "splitFloat64Rows")) return NULL;
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

/* Rows per pread: 4096 rows of pandas' usual 10 floats is 320 KiB, which stays in L2 while split. */
#define FILE_CHUNK_ROWS 4096
#define MAX_FILE_THREADS 8

struct file_share {
  int fd;
  off_t position; /* of this share's first row */
  double* dst;
  int64_t column_length, stride, rows, at, first, items;
  int error; /* errno of a failed pread, or -1 for the file ending early */
};

static void* split_file_share(void* arg) {
  struct file_share* share = arg;
  size_t row_bytes = (size_t)share->stride * 8;
  double* buffer = aligned_alloc(64, ((FILE_CHUNK_ROWS * row_bytes + 63) / 64) * 64);
  if (!buffer) {
    share->error = ENOMEM;
    return NULL;
  }
  for (int64_t r = 0; r < share->rows && !share->error; r += FILE_CHUNK_ROWS) {
    int64_t count = share->rows - r < FILE_CHUNK_ROWS ? share->rows - r : FILE_CHUNK_ROWS;
    size_t want = (size_t)count * row_bytes, got = 0;
    off_t at = share->position + (off_t)(r * (int64_t)row_bytes);
    while (got < want) {
      ssize_t n = pread(share->fd, (char*)buffer + got, want - got, at + (off_t)got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        share->error = n < 0 ? errno : -1;
        break;
      }
      got += (size_t)n;
    }
    if (!share->error) split_rows(buffer, share->dst, share->column_length, share->stride, count, share->at + r, share->first, share->items);
  }
  free(buffer);
  return NULL;
}

static napi_value split_float64_file_rows(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  if (!get_args(env, info, 10, argv, "splitFloat64FileRows")) return NULL;
  int64_t fd = int_arg(env, argv[0]);
  int64_t position = int_arg(env, argv[1]);
  uint8_t* dst;
  size_t dst_length;
  if (!view_of(env, argv[2], &dst, &dst_length)) return NULL;
  int64_t column_length = int_arg(env, argv[3]), stride = int_arg(env, argv[4]), rows = int_arg(env, argv[5]);
  int64_t at = int_arg(env, argv[6]), first = int_arg(env, argv[7]), items = int_arg(env, argv[8]);
  int64_t threads = int_arg(env, argv[9]);
  if (rows <= 0 || items <= 0) return NULL;
  if (fd < 0 || position < 0 || stride <= 0 || (uintptr_t)dst % 8 || at < 0 || first < 0 || first + items > stride ||
      at + rows > column_length || (size_t)(items * column_length * 8) > dst_length) {
    napi_throw_range_error(env, NULL, "splitFloat64FileRows: rows or columns outside the file's rows or the buffer");
    return NULL;
  }
  if (threads < 1) threads = 1;
  if (threads > MAX_FILE_THREADS) threads = MAX_FILE_THREADS;
  if (threads > rows / FILE_CHUNK_ROWS) threads = rows / FILE_CHUNK_ROWS > 0 ? rows / FILE_CHUNK_ROWS : 1;
  struct file_share shares[MAX_FILE_THREADS];
  pthread_t ids[MAX_FILE_THREADS];
  int started[MAX_FILE_THREADS] = {0};
  for (int64_t t = 0; t < threads; t++) {
    int64_t from = rows * t / threads, to = rows * (t + 1) / threads;
    shares[t] = (struct file_share){(int)fd, (off_t)(position + from * stride * 8), (double*)dst, column_length, stride, to - from, at + from, first, items, 0};
  }
  /* Share 0 runs on this thread; a thread that cannot start leaves its share to this one too. */
  for (int64_t t = 1; t < threads; t++) started[t] = pthread_create(&ids[t], NULL, split_file_share, &shares[t]) == 0;
  split_file_share(&shares[0]);
  for (int64_t t = 1; t < threads; t++) {
    if (started[t]) pthread_join(ids[t], NULL);
    else split_file_share(&shares[t]);
  }
  for (int64_t t = 0; t < threads; t++) {
    if (shares[t].error) {
      char message[160];
      snprintf(message, sizeof message, "splitFloat64FileRows: %s", shares[t].error > 0 ? strerror(shares[t].error) : "the file ends before the block does (truncated?)");
      napi_throw_error(env, NULL, message);
      return NULL;
    }
  }
  return NULL;
}

void register_split_rows(napi_env env, napi_value exports) {
  static const struct named_function functions[] = {
      {"splitFloat64Rows", split_float64_rows},
      {"splitFloat64FileRows", split_float64_file_rows},
  };
  export_functions(env, exports, functions, 2);
}
