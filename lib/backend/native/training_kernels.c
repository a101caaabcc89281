/*
 * The non-GEMM kernels of a training step that tfjs-backend-wasm runs slowly or not at all,
 * on the wasm heap in place (offsets as in blas_kernels.c):
 * - MaxPool's gradient (wasm has none; a TypeScript loop took 25 ms per call on the bench CNN);
 * - sums over leading axes, i.e. every bias gradient (wasm's Sum transposes them first);
 * - one Adam step per variable in one pass, Keras 3's arithmetic (tfjs's Adam runs ~12 kernels per variable).
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
 * `v_hat`/`new_v_hat` are NULL without amsgrad.
 */
static void adam_step(const float* restrict value, const float* restrict m, const float* restrict v,
                      const float* restrict v_hat, const float* restrict g, float* restrict new_value,
                      float* restrict new_m, float* restrict new_v, float* restrict new_v_hat, int64_t size,
                      float alpha, float keep1, float keep2, float epsilon) {
  if (v_hat == NULL) {
    for (int64_t i = 0; i < size; i++) {
      float mi = m[i] + (g[i] - m[i]) * keep1;
      float vi = v[i] + (g[i] * g[i] - v[i]) * keep2;
      new_m[i] = mi;
      new_v[i] = vi;
      new_value[i] = value[i] - (mi * alpha) / (sqrtf(vi) + epsilon);
    }
    return;
  }
  for (int64_t i = 0; i < size; i++) {
    float mi = m[i] + (g[i] - m[i]) * keep1;
    float vi = v[i] + (g[i] * g[i] - v[i]) * keep2;
    float hi = v_hat[i] > vi ? v_hat[i] : vi;
    new_m[i] = mi;
    new_v[i] = vi;
    new_v_hat[i] = hi;
    new_value[i] = value[i] - (mi * alpha) / (sqrtf(hi) + epsilon);
  }
}

/*
 * adam(heap, value, m, v, vHat, grad, newValue, newM, newV, newVHat, size, alpha, oneMinusBeta1,
 *      oneMinusBeta2, epsilon)
 * Keras 3's Adam step (keras/src/optimizers/adam.py), in its order of operations:
 *   m' = m + (g − m)·(1−β1);  v' = v + (g² − v)·(1−β2);  with amsgrad v̂' = max(v̂, v'), else v̂' = v'
 *   value' = value − m'·α / (sqrt(v̂') + ε),  α = lr·sqrt(1−β2ᵗ)/(1−β1ᵗ) (computed by the caller)
 * vHat and newVHat are offset −1 without amsgrad.
 */
static napi_value adam(napi_env env, napi_callback_info info) {
  napi_value argv[15];
  uint8_t* heap;
  if (!read_args(env, info, 15, argv, &heap)) return NULL;
  const float* value = (const float*)(heap + int_arg(env, argv[1]));
  const float* m = (const float*)(heap + int_arg(env, argv[2]));
  const float* v = (const float*)(heap + int_arg(env, argv[3]));
  int64_t v_hat_at = int_arg(env, argv[4]);
  const float* g = (const float*)(heap + int_arg(env, argv[5]));
  float* new_value = (float*)(heap + int_arg(env, argv[6]));
  float* new_m = (float*)(heap + int_arg(env, argv[7]));
  float* new_v = (float*)(heap + int_arg(env, argv[8]));
  int64_t new_v_hat_at = int_arg(env, argv[9]);
  int64_t size = int_arg(env, argv[10]);
  float alpha = (float)number_arg(env, argv[11]);
  float keep1 = (float)number_arg(env, argv[12]), keep2 = (float)number_arg(env, argv[13]);
  float epsilon = (float)number_arg(env, argv[14]);
  const float* v_hat = v_hat_at < 0 ? NULL : (const float*)(heap + v_hat_at);
  float* new_v_hat = new_v_hat_at < 0 ? NULL : (float*)(heap + new_v_hat_at);
  adam_step(value, m, v, v_hat, g, new_value, new_m, new_v, new_v_hat, size, alpha, keep1, keep2, epsilon);
  return NULL;
}

void register_training_kernels(napi_env env, napi_value exports) {
  static const struct named_function functions[] = {
    {"maxPoolGrad", max_pool_grad}, {"sumRows", sum_rows}, {"adam", adam},
  };
  export_functions(env, exports, functions, sizeof functions / sizeof functions[0]);
}
