/*
 * The non-GEMM kernels of a training step that tfjs-backend-wasm runs slowly or not at all,
 * on the wasm heap in place (offsets as in blas_kernels.c):
 * - MaxPool's gradient (wasm has none; a TypeScript loop took 25 ms per call on the bench CNN);
 * - sums over leading axes, i.e. every bias gradient (wasm's Sum transposes them first);
 * - one Adam step per variable in one pass (tfjs's Adam runs ~12 kernels per variable).
 */
#include "napi_args.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * maxPoolGrad(heap, dy, x, dx, batch, inH, inW, channels, outH, outW, strideH, strideW,
 *             filterH, filterW, dilationH, dilationW, padTop, padLeft)
 * Each window sends its dy to its first maximum, as TensorFlow does (NHWC).
 */
static napi_value max_pool_grad(napi_env env, napi_callback_info info) {
  napi_value argv[18];
  uint8_t* heap;
  if (!read_args(env, info, 18, argv, &heap)) return NULL;
  const float* dy = (const float*)(heap + int_arg(env, argv[1]));
  const float* x = (const float*)(heap + int_arg(env, argv[2]));
  float* dx = (float*)(heap + int_arg(env, argv[3]));
  int64_t batch = int_arg(env, argv[4]), in_h = int_arg(env, argv[5]), in_w = int_arg(env, argv[6]);
  int64_t channels = int_arg(env, argv[7]), out_h = int_arg(env, argv[8]), out_w = int_arg(env, argv[9]);
  int64_t stride_h = int_arg(env, argv[10]), stride_w = int_arg(env, argv[11]);
  int64_t filter_h = int_arg(env, argv[12]), filter_w = int_arg(env, argv[13]);
  int64_t dilation_h = int_arg(env, argv[14]), dilation_w = int_arg(env, argv[15]);
  int64_t pad_top = int_arg(env, argv[16]), pad_left = int_arg(env, argv[17]);
  memset(dx, 0, (size_t)(batch * in_h * in_w * channels) * sizeof(float));
  /*
   * Channels innermost and branch-free, so the compiler vectorises the scan: each window starts
   * from its first in-bounds tap, and a later tap wins only when strictly greater (TensorFlow's
   * first maximum). Indices are within one image, so 32 bits suffice.
   */
  float* best = malloc((size_t)channels * sizeof(float));
  int32_t* best_index = malloc((size_t)channels * sizeof(int32_t));
  if (!best || !best_index) {
    free(best);
    free(best_index);
    napi_throw_error(env, NULL, "tslab-keras native: out of memory in maxPoolGrad");
    return NULL;
  }
  for (int64_t b = 0; b < batch; b++) {
    const float* xb = x + b * in_h * in_w * channels;
    float* dxb = dx + b * in_h * in_w * channels;
    for (int64_t oy = 0; oy < out_h; oy++) {
      for (int64_t ox = 0; ox < out_w; ox++) {
        int first = 1;
        for (int64_t i = 0; i < filter_h; i++) {
          int64_t iy = oy * stride_h - pad_top + i * dilation_h;
          if (iy < 0 || iy >= in_h) continue;
          for (int64_t j = 0; j < filter_w; j++) {
            int64_t ix = ox * stride_w - pad_left + j * dilation_w;
            if (ix < 0 || ix >= in_w) continue;
            int32_t base = (int32_t)((iy * in_w + ix) * channels);
            const float* restrict xp = xb + base;
            if (first) {
              for (int64_t c = 0; c < channels; c++) {
                best[c] = xp[c];
                best_index[c] = base + (int32_t)c;
              }
              first = 0;
            } else {
              for (int64_t c = 0; c < channels; c++) {
                int greater = xp[c] > best[c];
                best[c] = greater ? xp[c] : best[c];
                best_index[c] = greater ? base + (int32_t)c : best_index[c];
              }
            }
          }
        }
        if (first) continue; /* a window wholly in the padding routes nothing */
        const float* dyp = dy + ((b * out_h + oy) * out_w + ox) * channels;
        for (int64_t c = 0; c < channels; c++) dxb[best_index[c]] += dyp[c];
      }
    }
  }
  free(best);
  free(best_index);
  return NULL;
}

/* sumRows(heap, x, out, rows, cols): out[j] = Σ_i x[i, j], accumulated in double per column block. */
static napi_value sum_rows(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  uint8_t* heap;
  if (!read_args(env, info, 5, argv, &heap)) return NULL;
  const float* x = (const float*)(heap + int_arg(env, argv[1]));
  float* out = (float*)(heap + int_arg(env, argv[2]));
  int64_t rows = int_arg(env, argv[3]), cols = int_arg(env, argv[4]);
  enum { BLOCK = 256 };
  double acc[BLOCK];
  for (int64_t first = 0; first < cols; first += BLOCK) {
    int64_t width = cols - first < BLOCK ? cols - first : BLOCK;
    for (int64_t j = 0; j < width; j++) acc[j] = 0;
    for (int64_t i = 0; i < rows; i++) {
      const float* row = x + i * cols + first;
      for (int64_t j = 0; j < width; j++) acc[j] += row[j];
    }
    for (int64_t j = 0; j < width; j++) out[first + j] = (float)acc[j];
  }
  return NULL;
}

/*
 * The step's loop in its own function: `restrict` on parameters (the outputs are fresh
 * allocations) is what lets GCC vectorise it; on locals derived from one heap pointer it does not.
 */
static void adam_step(const float* restrict value, const float* restrict m, const float* restrict v,
                      const float* restrict g, float* restrict new_value, float* restrict new_m,
                      float* restrict new_v, int64_t size, float lr, float beta1, float beta2, float epsilon,
                      float keep1, float keep2, float correction1, float correction2) {
  /* The bias corrections as reciprocals: two divisions fewer per value, within an ulp of tfjs's. */
  float inverse1 = 1.f / correction1, inverse2 = 1.f / correction2;
  for (int64_t i = 0; i < size; i++) {
    float mi = beta1 * m[i] + keep1 * g[i];
    float vi = beta2 * v[i] + keep2 * (g[i] * g[i]);
    new_m[i] = mi;
    new_v[i] = vi;
    new_value[i] = value[i] + (mi * inverse1) / (sqrtf(vi * inverse2) + epsilon) * -lr;
  }
}

/*
 * adam(heap, value, m, v, grad, newValue, newM, newV, size, learningRate, beta1, beta2, epsilon,
 *      oneMinusBeta1, oneMinusBeta2, oneMinusAccBeta1, oneMinusAccBeta2)
 * tfjs's AdamOptimizer step, in its order of operations and with its float32 constants (the
 * caller rounds 1−β as tfjs does, in double then to float):
 *   m' = β1·m + (1−β1)·g;  v' = β2·v + (1−β2)·g²
 *   value' = value − lr · (m' / (1−β1ᵗ)) / (sqrt(v' / (1−β2ᵗ)) + ε)
 */
static napi_value adam(napi_env env, napi_callback_info info) {
  napi_value argv[17];
  uint8_t* heap;
  if (!read_args(env, info, 17, argv, &heap)) return NULL;
  const float* value = (const float*)(heap + int_arg(env, argv[1]));
  const float* m = (const float*)(heap + int_arg(env, argv[2]));
  const float* v = (const float*)(heap + int_arg(env, argv[3]));
  const float* g = (const float*)(heap + int_arg(env, argv[4]));
  float* new_value = (float*)(heap + int_arg(env, argv[5]));
  float* new_m = (float*)(heap + int_arg(env, argv[6]));
  float* new_v = (float*)(heap + int_arg(env, argv[7]));
  int64_t size = int_arg(env, argv[8]);
  float lr = (float)number_arg(env, argv[9]), beta1 = (float)number_arg(env, argv[10]);
  float beta2 = (float)number_arg(env, argv[11]), epsilon = (float)number_arg(env, argv[12]);
  float keep1 = (float)number_arg(env, argv[13]), keep2 = (float)number_arg(env, argv[14]);
  float correction1 = (float)number_arg(env, argv[15]), correction2 = (float)number_arg(env, argv[16]);
  adam_step(value, m, v, g, new_value, new_m, new_v, size, lr, beta1, beta2, epsilon, keep1, keep2, correction1, correction2);
  return NULL;
}

void register_training_kernels(napi_env env, napi_value exports) {
  static const struct named_function functions[] = {
    {"maxPoolGrad", max_pool_grad}, {"sumRows", sum_rows}, {"adam", adam},
  };
  export_functions(env, exports, functions, sizeof functions / sizeof functions[0]);
}
