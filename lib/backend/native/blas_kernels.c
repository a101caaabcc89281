/*
 * Matrix products and 2-D convolutions for tfjs's wasm backend, computed natively by the
 * system's BLAS (OpenBLAS) directly on the wasm heap: tensors stay where tfjs keeps them, and
 * each call is one N-API hop. XNNPACK through wasm SIMD reaches ~30 GFLOP/s here; OpenBLAS
 * reaches 100 on one core and 175 on two.
 *
 * Every function takes the heap (a Uint8Array over the wasm memory) and byte offsets into it.
 * Convolutions are NHWC and lowered to GEMM through im2col in bounded row chunks, so scratch
 * memory stays small whatever the batch.
 */
#include "napi_args.h"
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* openblas_get_num_threads / openblas_get_config are OpenBLAS extensions (cblas.h declares them). */

enum activation { LINEAR = 0, RELU = 1, RELU6 = 2, ELU = 3, SIGMOID = 4, LEAKY_RELU = 5 };

/* Scratch for im2col chunks: ~16 MB keeps a chunk in the last-level cache's neighbourhood. */
#define CHUNK_FLOATS (4u << 20)
static float* scratch = NULL;
static size_t scratch_floats = 0;

static float* scratch_for(size_t floats) {
  if (floats > scratch_floats) {
    free(scratch);
    scratch = malloc(floats * sizeof(float));
    scratch_floats = scratch ? floats : 0;
  }
  return scratch;
}

static void bias_and_activation(float* out, size_t rows, size_t cols, const float* bias, int activation, float alpha) {
  size_t size = rows * cols;
  if (bias) {
    for (size_t r = 0; r < rows; r++) {
      float* row = out + r * cols;
      for (size_t c = 0; c < cols; c++) row[c] += bias[c];
    }
  }
  switch (activation) {
    case RELU:
      for (size_t i = 0; i < size; i++) out[i] = out[i] > 0.f ? out[i] : 0.f;
      break;
    case RELU6:
      for (size_t i = 0; i < size; i++) out[i] = out[i] > 0.f ? (out[i] < 6.f ? out[i] : 6.f) : 0.f;
      break;
    case ELU:
      for (size_t i = 0; i < size; i++) out[i] = out[i] > 0.f ? out[i] : expm1f(out[i]);
      break;
    case SIGMOID:
      for (size_t i = 0; i < size; i++) out[i] = 1.f / (1.f + expf(-out[i]));
      break;
    case LEAKY_RELU:
      for (size_t i = 0; i < size; i++) out[i] = out[i] > 0.f ? out[i] : alpha * out[i];
      break;
    default:
      break;
  }
}

/*
 * matMul(heap, a, b, out, batchA, batchB, m, n, k, transposeA, transposeB, bias, activation, alpha)
 * out[batch, m, n] = act(op(a)[batch] · op(b)[batch] + bias[n]); a batch of 1 broadcasts.
 * bias = 0 means none (offset 0 is never a tensor on tfjs's heap).
 */
static napi_value mat_mul(napi_env env, napi_callback_info info) {
  napi_value argv[14];
  uint8_t* heap;
  if (!read_args(env, info, 14, argv, &heap)) return NULL;
  const float* a = (const float*)(heap + int_arg(env, argv[1]));
  const float* b = (const float*)(heap + int_arg(env, argv[2]));
  float* out = (float*)(heap + int_arg(env, argv[3]));
  int64_t batch_a = int_arg(env, argv[4]), batch_b = int_arg(env, argv[5]);
  int64_t m = int_arg(env, argv[6]), n = int_arg(env, argv[7]), k = int_arg(env, argv[8]);
  int trans_a = int_arg(env, argv[9]) != 0, trans_b = int_arg(env, argv[10]) != 0;
  int64_t bias_offset = int_arg(env, argv[11]);
  const float* bias = bias_offset ? (const float*)(heap + bias_offset) : NULL;
  int activation = (int)int_arg(env, argv[12]);
  float alpha = (float)number_arg(env, argv[13]);
  int64_t batch = batch_a > batch_b ? batch_a : batch_b;
  if (batch_b == 1 && !trans_a) {
    /* One product with the batches stacked as rows: [batch·m, k] · [k, n]. */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, (int)(batch * m), (int)n, (int)k,
                1.f, a, (int)k, b, trans_b ? (int)k : (int)n, 0.f, out, (int)n);
  } else {
    for (int64_t i = 0; i < batch; i++) {
      const float* ai = a + (batch_a == 1 ? 0 : i * m * k);
      const float* bi = b + (batch_b == 1 ? 0 : i * k * n);
      cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                  (int)m, (int)n, (int)k, 1.f, ai, trans_a ? (int)m : (int)k, bi, trans_b ? (int)k : (int)n,
                  0.f, out + i * m * n, (int)n);
    }
  }
  bias_and_activation(out, (size_t)(batch * m), (size_t)n, bias, activation, alpha);
  return NULL;
}

/* The geometry of one NHWC convolution, as tfjs's computeConv2DInfo gives it. */
struct conv {
  int64_t batch, in_h, in_w, in_c, filter_h, filter_w, out_c, out_h, out_w;
  int64_t stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
};

static int read_conv(napi_env env, napi_value* argv, struct conv* c) {
  int64_t* fields[] = {&c->batch, &c->in_h, &c->in_w, &c->in_c, &c->filter_h, &c->filter_w, &c->out_c,
                       &c->out_h, &c->out_w, &c->stride_h, &c->stride_w, &c->dilation_h, &c->dilation_w,
                       &c->pad_top, &c->pad_left};
  for (int i = 0; i < 15; i++) *fields[i] = int_arg(env, argv[i]);
  return 1;
}

/* A 1×1, stride-1, unpadded convolution is already a GEMM over the input's pixels. */
static int is_pointwise(const struct conv* c) {
  return c->filter_h == 1 && c->filter_w == 1 && c->stride_h == 1 && c->stride_w == 1 && c->pad_top == 0 &&
         c->pad_left == 0 && c->out_h == c->in_h && c->out_w == c->in_w;
}

static int64_t chunk_rows(const struct conv* c) {
  int64_t depth = c->filter_h * c->filter_w * c->in_c;
  int64_t rows = (int64_t)CHUNK_FLOATS / depth;
  return rows < 1 ? 1 : rows;
}

/* The scratch for one chunk of im2col rows (`*step` of them), or NULL with a JavaScript error thrown. */
static float* chunk_scratch(napi_env env, const struct conv* c, int64_t* step) {
  *step = chunk_rows(c);
  float* scratch = scratch_for((size_t)(*step * c->filter_h * c->filter_w * c->in_c));
  if (!scratch) napi_throw_error(env, NULL, "tslab-keras native BLAS: out of memory for the convolution's scratch");
  return scratch;
}

/* col[r - first, (i·fw + j)·inC + ch] = x at output pixel r's receptive field (0 outside). */
static void im2col(const float* x, float* col, const struct conv* c, int64_t first, int64_t count) {
  int64_t depth = c->filter_h * c->filter_w * c->in_c;
  for (int64_t r = 0; r < count; r++) {
    int64_t pixel = first + r;
    int64_t ox = pixel % c->out_w, oy = (pixel / c->out_w) % c->out_h, b = pixel / (c->out_w * c->out_h);
    float* dst = col + r * depth;
    for (int64_t i = 0; i < c->filter_h; i++) {
      int64_t iy = oy * c->stride_h - c->pad_top + i * c->dilation_h;
      for (int64_t j = 0; j < c->filter_w; j++, dst += c->in_c) {
        int64_t ix = ox * c->stride_w - c->pad_left + j * c->dilation_w;
        /* Plain loops, not memcpy: with 1–3 input channels a call per tap costs more than the copy. */
        if (iy < 0 || iy >= c->in_h || ix < 0 || ix >= c->in_w) {
          for (int64_t ch = 0; ch < c->in_c; ch++) dst[ch] = 0.f;
        } else {
          const float* src = x + ((b * c->in_h + iy) * c->in_w + ix) * c->in_c;
          for (int64_t ch = 0; ch < c->in_c; ch++) dst[ch] = src[ch];
        }
      }
    }
  }
}

/* The transpose of im2col: each receptive-field entry of dcol is added back into dx. */
static void col2im(const float* dcol, float* dx, const struct conv* c, int64_t first, int64_t count) {
  int64_t depth = c->filter_h * c->filter_w * c->in_c;
  for (int64_t r = 0; r < count; r++) {
    int64_t pixel = first + r;
    int64_t ox = pixel % c->out_w, oy = (pixel / c->out_w) % c->out_h, b = pixel / (c->out_w * c->out_h);
    const float* src = dcol + r * depth;
    for (int64_t i = 0; i < c->filter_h; i++) {
      int64_t iy = oy * c->stride_h - c->pad_top + i * c->dilation_h;
      for (int64_t j = 0; j < c->filter_w; j++, src += c->in_c) {
        int64_t ix = ox * c->stride_w - c->pad_left + j * c->dilation_w;
        if (iy < 0 || iy >= c->in_h || ix < 0 || ix >= c->in_w) continue;
        float* dst = dx + ((b * c->in_h + iy) * c->in_w + ix) * c->in_c;
        for (int64_t ch = 0; ch < c->in_c; ch++) dst[ch] += src[ch];
      }
    }
  }
}

/* conv2d(heap, x, filter, out, bias, activation, alpha, ...geometry) */
static napi_value conv2d(napi_env env, napi_callback_info info) {
  napi_value argv[22];
  uint8_t* heap;
  if (!read_args(env, info, 22, argv, &heap)) return NULL;
  const float* x = (const float*)(heap + int_arg(env, argv[1]));
  const float* w = (const float*)(heap + int_arg(env, argv[2]));
  float* out = (float*)(heap + int_arg(env, argv[3]));
  int64_t bias_offset = int_arg(env, argv[4]);
  const float* bias = bias_offset ? (const float*)(heap + bias_offset) : NULL;
  int activation = (int)int_arg(env, argv[5]);
  float alpha = (float)number_arg(env, argv[6]);
  struct conv c;
  read_conv(env, argv + 7, &c);
  int64_t rows = c.batch * c.out_h * c.out_w, depth = c.filter_h * c.filter_w * c.in_c;
  if (is_pointwise(&c)) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)c.out_c, (int)depth, 1.f, x, (int)depth,
                w, (int)c.out_c, 0.f, out, (int)c.out_c);
  } else {
    int64_t step;
    float* col = chunk_scratch(env, &c, &step);
    if (!col) return NULL;
    for (int64_t first = 0; first < rows; first += step) {
      int64_t count = rows - first < step ? rows - first : step;
      im2col(x, col, &c, first, count);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)count, (int)c.out_c, (int)depth, 1.f, col,
                  (int)depth, w, (int)c.out_c, 0.f, out + first * c.out_c, (int)c.out_c);
    }
  }
  bias_and_activation(out, (size_t)rows, (size_t)c.out_c, bias, activation, alpha);
  return NULL;
}

/* The gradient kernels' arguments: the heap, two inputs, the output, then the 15 geometry numbers. */
struct gradient_call {
  const float* a;
  const float* b;
  float* out;
  struct conv c;
};

static int read_gradient_call(napi_env env, napi_callback_info info, struct gradient_call* call) {
  napi_value argv[19];
  uint8_t* heap;
  if (!read_args(env, info, 19, argv, &heap)) return 0;
  call->a = (const float*)(heap + int_arg(env, argv[1]));
  call->b = (const float*)(heap + int_arg(env, argv[2]));
  call->out = (float*)(heap + int_arg(env, argv[3]));
  return read_conv(env, argv + 4, &call->c);
}

/* conv2dBackpropFilter(heap, x, dy, dw, ...geometry): dw[depth, outC] = Σ colᵀ · dy */
static napi_value conv2d_backprop_filter(napi_env env, napi_callback_info info) {
  struct gradient_call call;
  if (!read_gradient_call(env, info, &call)) return NULL;
  const float* x = call.a;
  const float* dy = call.b;
  float* dw = call.out;
  struct conv c = call.c;
  int64_t rows = c.batch * c.out_h * c.out_w, depth = c.filter_h * c.filter_w * c.in_c;
  if (is_pointwise(&c)) {
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)depth, (int)c.out_c, (int)rows, 1.f, x, (int)depth,
                dy, (int)c.out_c, 0.f, dw, (int)c.out_c);
    return NULL;
  }
  int64_t step;
  float* col = chunk_scratch(env, &c, &step);
  if (!col) return NULL;
  for (int64_t first = 0; first < rows; first += step) {
    int64_t count = rows - first < step ? rows - first : step;
    im2col(x, col, &c, first, count);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)depth, (int)c.out_c, (int)count, 1.f, col, (int)depth,
                dy + first * c.out_c, (int)c.out_c, first == 0 ? 0.f : 1.f, dw, (int)c.out_c);
  }
  return NULL;
}

/* conv2dBackpropInput(heap, dy, filter, dx, ...geometry): dx = col2im(dy · filterᵀ) */
static napi_value conv2d_backprop_input(napi_env env, napi_callback_info info) {
  struct gradient_call call;
  if (!read_gradient_call(env, info, &call)) return NULL;
  const float* dy = call.a;
  const float* w = call.b;
  float* dx = call.out;
  struct conv c = call.c;
  int64_t rows = c.batch * c.out_h * c.out_w, depth = c.filter_h * c.filter_w * c.in_c;
  if (is_pointwise(&c)) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)depth, (int)c.out_c, 1.f, dy, (int)c.out_c,
                w, (int)c.out_c, 0.f, dx, (int)depth);
    return NULL;
  }
  memset(dx, 0, (size_t)(c.batch * c.in_h * c.in_w * c.in_c) * sizeof(float));
  int64_t step;
  float* dcol = chunk_scratch(env, &c, &step);
  if (!dcol) return NULL;
  for (int64_t first = 0; first < rows; first += step) {
    int64_t count = rows - first < step ? rows - first : step;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)count, (int)depth, (int)c.out_c, 1.f,
                dy + first * c.out_c, (int)c.out_c, w, (int)c.out_c, 0.f, dcol, (int)depth);
    col2im(dcol, dx, &c, first, count);
  }
  return NULL;
}

/* info() → { threads, config }: what the loader reports next to the backend's name. */
static napi_value blas_info(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result, threads, config;
  napi_create_object(env, &result);
  napi_create_int32(env, openblas_get_num_threads(), &threads);
  napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &config);
  napi_set_named_property(env, result, "threads", threads);
  napi_set_named_property(env, result, "config", config);
  return result;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc == 1) openblas_set_num_threads((int)int_arg(env, argv[0]));
  return NULL;
}

void register_blas_kernels(napi_env env, napi_value exports) {
  static const struct named_function functions[] = {
    {"matMul", mat_mul}, {"conv2d", conv2d}, {"conv2dBackpropFilter", conv2d_backprop_filter},
    {"conv2dBackpropInput", conv2d_backprop_input}, {"info", blas_info}, {"setThreads", set_threads},
  };
  export_functions(env, exports, functions, sizeof functions / sizeof functions[0]);
}
