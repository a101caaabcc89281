/*
 * A whole LSTM sequence, forward and backward (BPTT), as one native call each, on the wasm heap.
 * tfjs-layers unrolls an LSTM into ~15 small kernels per step forward and ~30 backward; at
 * Keras-sized layers (64 units, batch 64) each costs more in dispatch than in arithmetic. Here the
 * input projection of every step is one GEMM, each step one small GEMM with the recurrent kernel
 * plus the gate math in C, and the weight gradients three GEMMs over all steps at once.
 *
 * Keras's LSTM (tanh activation, sigmoid recurrent activation, gate order i, f, c, o), with
 * tfjs-layers' masking: at a masked step h and c carry over and the output is the carried h.
 * Layouts (row-major, float32; D is the input dimension, U the units, G = 4U):
 *   x [B, T, D], kernel [D, 4U], recurrent [U, 4U], bias [4U], h0 and c0 [B, U], mask [B, T]
 *   (input time order, non-zero = step taken); outputs in processing order (reversed input time
 *   when go_backwards, as tfjs returns them): h_seq and c_seq [B, T, U], gates [B, T, 4U] (the
 *   activated i, f, c~, o, saved for the backward), h_last and c_last [B, U].
 * Offsets are byte offsets into the heap; 0 means "none" for bias and mask.
 */
#include "napi_args.h"
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * exp for the gate loops, in a form GCC vectorises (libm's expf is a call per element, and the
 * gates' 5 transcendentals per unit were most of a step's time): Cody–Waite range reduction and
 * Cephes's degree-6 polynomial, relative error ≤ 1.2e-7 over the clamped range; rounding to the
 * nearest integer by the 1.5·2^23 trick (no floorf, which SSE2 lacks). GCC vectorises the
 * clamps only without -ftrapping-math (its default), hence the attribute; NaN still propagates
 * (a comparison with NaN is false, so the clamps keep it). ~6× libm's speed here.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define VECTORISABLE __attribute__((optimize("no-trapping-math")))
#else
#define VECTORISABLE
#endif

VECTORISABLE static inline float fast_expf(float x) {
  x = x < -87.f ? -87.f : x;
  x = x > 88.f ? 88.f : x;
  float n = (x * 1.44269504f + 12582912.f) - 12582912.f;
  float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.f;
  int32_t bits = ((int32_t)n + 127) << 23;
  float scale;
  memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

VECTORISABLE static void sigmoid_range(const float* restrict in, float* restrict out, int64_t n) {
  for (int64_t j = 0; j < n; j++) out[j] = 1.f / (1.f + fast_expf(-in[j]));
}

/* tanh(v) = 2σ(2v) − 1: absolute error ≤ 2e-7, and ±1 exactly where it saturates. */
VECTORISABLE static void tanh_range(const float* restrict in, float* restrict out, int64_t n) {
  for (int64_t j = 0; j < n; j++) out[j] = 2.f / (1.f + fast_expf(-2.f * in[j])) - 1.f;
}

/*
 * The per-step products are small ([B, U]·[U, 4U]); OpenBLAS's threads only add a hand-off per
 * step there (and wait for a core on a busy machine), so the step loops run them on one thread.
 */
static int single_threaded(void) {
  int threads = openblas_get_num_threads();
  if (threads > 1) openblas_set_num_threads(1);
  return threads;
}

static void restore_threads(int threads) {
  if (threads > 1) openblas_set_num_threads(threads);
}

#define F32(offset) ((float*)(heap + (offset)))
#define OPT_F32(offset) ((offset) ? (float*)(heap + (offset)) : NULL)

/*
 * lstmSequence(heap, x, kernel, recurrent, bias, h0, c0, mask, hSeq, cSeq, gates, hLast, cLast,
 *              batch, steps, inputDim, units, goBackwards)
 */
static napi_value lstm_sequence(napi_env env, napi_callback_info info) {
  napi_value argv[18];
  uint8_t* heap;
  if (!read_args(env, info, 18, argv, &heap)) return NULL;
  const float* x = F32(int_arg(env, argv[1]));
  const float* kernel = F32(int_arg(env, argv[2]));
  const float* recurrent = F32(int_arg(env, argv[3]));
  const float* bias = OPT_F32(int_arg(env, argv[4]));
  const float* h0 = F32(int_arg(env, argv[5]));
  const float* c0 = F32(int_arg(env, argv[6]));
  const float* mask = OPT_F32(int_arg(env, argv[7]));
  float* h_seq = F32(int_arg(env, argv[8]));
  float* c_seq = F32(int_arg(env, argv[9]));
  float* gates = F32(int_arg(env, argv[10]));
  float* h_last = F32(int_arg(env, argv[11]));
  float* c_last = F32(int_arg(env, argv[12]));
  const int64_t B = int_arg(env, argv[13]), T = int_arg(env, argv[14]), D = int_arg(env, argv[15]), U = int_arg(env, argv[16]);
  const int back = int_arg(env, argv[17]) != 0;
  const int64_t G = 4 * U;

  float* xw = malloc((size_t)(B * T * G) * sizeof(float));
  float* z = malloc((size_t)(B * G) * sizeof(float));
  float* c_new = malloc((size_t)(2 * U) * sizeof(float));
  if (!xw || !z || !c_new) {
    free(xw);
    free(z);
    free(c_new);
    napi_throw_error(env, NULL, "tslab-keras native LSTM: out of memory");
    return NULL;
  }
  /* Every step's input projection in one product: xw[b, t] = x[b, t] · kernel. */
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)(B * T), (int)G, (int)D, 1.f, x, (int)D, kernel,
              (int)G, 0.f, xw, (int)G);
  float* tanh_c = c_new + U;
  const int threads = single_threaded();
  for (int64_t s = 0; s < T; s++) {
    const int64_t t = back ? T - 1 - s : s;
    for (int64_t b = 0; b < B; b++) {
      float* row = z + b * G;
      memcpy(row, xw + (b * T + t) * G, (size_t)G * sizeof(float));
      if (bias)
        for (int64_t j = 0; j < G; j++) row[j] += bias[j];
    }
    /* The previous h is read in place: h0, or the last step's rows of h_seq (stride T·U). */
    const float* h_prev = s == 0 ? h0 : h_seq + (s - 1) * U;
    const int64_t h_stride = s == 0 ? U : T * U;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)B, (int)G, (int)U, 1.f, h_prev, (int)h_stride,
                recurrent, (int)G, 1.f, z, (int)G);
    for (int64_t b = 0; b < B; b++) {
      const float* zr = z + b * G;
      const float* hp = h_prev + b * h_stride;
      const float* cp = s == 0 ? c0 + b * U : c_seq + (b * T + s - 1) * U;
      float* gr = gates + (b * T + s) * G;
      float* hr = h_seq + (b * T + s) * U;
      float* cr = c_seq + (b * T + s) * U;
      sigmoid_range(zr, gr, 2 * U); /* i, f */
      tanh_range(zr + 2 * U, gr + 2 * U, U); /* c~ */
      sigmoid_range(zr + 3 * U, gr + 3 * U, U); /* o */
      if (mask != NULL && mask[b * T + t] == 0.f) {
        memcpy(cr, cp, (size_t)U * sizeof(float));
        memcpy(hr, hp, (size_t)U * sizeof(float));
        continue;
      }
      for (int64_t j = 0; j < U; j++) c_new[j] = gr[U + j] * cp[j] + gr[j] * gr[2 * U + j];
      tanh_range(c_new, tanh_c, U);
      for (int64_t j = 0; j < U; j++) {
        cr[j] = c_new[j];
        hr[j] = gr[3 * U + j] * tanh_c[j];
      }
    }
  }
  restore_threads(threads);
  for (int64_t b = 0; b < B; b++) {
    memcpy(h_last + b * U, h_seq + (b * T + T - 1) * U, (size_t)U * sizeof(float));
    memcpy(c_last + b * U, c_seq + (b * T + T - 1) * U, (size_t)U * sizeof(float));
  }
  free(xw);
  free(z);
  free(c_new);
  return NULL;
}

/*
 * One row of one step backward: the pre-activation gradients dz (i, f, c~, o) from dh and dc,
 * and dc carried to the step before (dc·f). Its own function so that `restrict` lets GCC
 * vectorise it.
 */
static void cell_grad(const float* restrict gr, const float* restrict tanh_c, const float* restrict cp,
                      const float* restrict dhr, float* restrict dcr, float* restrict dzr, int64_t U) {
  for (int64_t j = 0; j < U; j++) {
    float i = gr[j], f = gr[U + j], g = gr[2 * U + j], o = gr[3 * U + j];
    float tc = tanh_c[j];
    float d_o = dhr[j] * tc;
    float dcj = dcr[j] + dhr[j] * o * (1.f - tc * tc);
    dzr[j] = dcj * g * i * (1.f - i);
    dzr[U + j] = dcj * cp[j] * f * (1.f - f);
    dzr[2 * U + j] = dcj * i * (1.f - g * g);
    dzr[3 * U + j] = d_o * o * (1.f - o);
    dcr[j] = dcj * f;
  }
}

/*
 * lstmSequenceGrad(heap, x, kernel, recurrent, h0, c0, mask, hSeq, cSeq, gates, dhSeq, dhLast,
 *                  dcLast, dx, dKernel, dRecurrent, dBias, dh0, dc0, batch, steps, inputDim,
 *                  units, goBackwards)
 * dBias = 0: no bias. The pre-activation gradients of every step are kept (input time order) so
 * that dx, dKernel and dRecurrent are one product each over all B·T rows.
 */
static napi_value lstm_sequence_grad(napi_env env, napi_callback_info info) {
  napi_value argv[24];
  uint8_t* heap;
  if (!read_args(env, info, 24, argv, &heap)) return NULL;
  const float* x = F32(int_arg(env, argv[1]));
  const float* kernel = F32(int_arg(env, argv[2]));
  const float* recurrent = F32(int_arg(env, argv[3]));
  const float* h0 = F32(int_arg(env, argv[4]));
  const float* c0 = F32(int_arg(env, argv[5]));
  const float* mask = OPT_F32(int_arg(env, argv[6]));
  const float* h_seq = F32(int_arg(env, argv[7]));
  const float* c_seq = F32(int_arg(env, argv[8]));
  const float* gates = F32(int_arg(env, argv[9]));
  const float* dh_seq = F32(int_arg(env, argv[10]));
  const float* dh_last = F32(int_arg(env, argv[11]));
  const float* dc_last = F32(int_arg(env, argv[12]));
  float* dx = F32(int_arg(env, argv[13]));
  float* d_kernel = F32(int_arg(env, argv[14]));
  float* d_recurrent = F32(int_arg(env, argv[15]));
  float* d_bias = OPT_F32(int_arg(env, argv[16]));
  float* dh = F32(int_arg(env, argv[17])); /* dh0 and dc0 double as the running state gradients */
  float* dc = F32(int_arg(env, argv[18]));
  const int64_t B = int_arg(env, argv[19]), T = int_arg(env, argv[20]), D = int_arg(env, argv[21]), U = int_arg(env, argv[22]);
  const int back = int_arg(env, argv[23]) != 0;
  const int64_t G = 4 * U;

  float* dz = malloc((size_t)(B * T * G) * sizeof(float));
  float* h_prev_all = malloc((size_t)(B * T * U) * sizeof(float));
  float* dh_rec = malloc((size_t)(B * U) * sizeof(float));
  float* tanh_c = malloc((size_t)U * sizeof(float));
  if (!dz || !h_prev_all || !dh_rec || !tanh_c) {
    free(dz);
    free(h_prev_all);
    free(dh_rec);
    free(tanh_c);
    napi_throw_error(env, NULL, "tslab-keras native LSTM: out of memory");
    return NULL;
  }
  memcpy(dh, dh_last, (size_t)(B * U) * sizeof(float));
  memcpy(dc, dc_last, (size_t)(B * U) * sizeof(float));
  const int threads = single_threaded();
  for (int64_t s = T - 1; s >= 0; s--) {
    const int64_t t = back ? T - 1 - s : s;
    for (int64_t b = 0; b < B; b++) {
      float* dhr = dh + b * U;
      float* dcr = dc + b * U;
      const float* dys = dh_seq + (b * T + s) * U;
      for (int64_t j = 0; j < U; j++) dhr[j] += dys[j];
      const float* hp = s == 0 ? h0 + b * U : h_seq + (b * T + s - 1) * U;
      memcpy(h_prev_all + (b * T + t) * U, hp, (size_t)U * sizeof(float));
      float* dzr = dz + (b * T + t) * G;
      if (mask != NULL && mask[b * T + t] == 0.f) {
        /* A masked step passed h and c through: their gradients go straight to the step before. */
        memset(dzr, 0, (size_t)G * sizeof(float));
        continue;
      }
      const float* gr = gates + (b * T + s) * G;
      const float* cr = c_seq + (b * T + s) * U;
      const float* cp = s == 0 ? c0 + b * U : c_seq + (b * T + s - 1) * U;
      tanh_range(cr, tanh_c, U);
      cell_grad(gr, tanh_c, cp, dhr, dcr, dzr, U);
    }
    /* dh_prev = dz · recurrentᵀ for the rows that took the step; masked rows keep their dh. */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)B, (int)U, (int)G, 1.f, dz + t * G, (int)(T * G),
                recurrent, (int)G, 0.f, dh_rec, (int)U);
    for (int64_t b = 0; b < B; b++) {
      if (mask != NULL && mask[b * T + t] == 0.f) continue;
      memcpy(dh + b * U, dh_rec + b * U, (size_t)U * sizeof(float));
    }
  }
  restore_threads(threads);
  const int rows = (int)(B * T);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, (int)D, (int)G, 1.f, dz, (int)G, kernel, (int)G, 0.f,
              dx, (int)D);
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)D, (int)G, rows, 1.f, x, (int)D, dz, (int)G, 0.f,
              d_kernel, (int)G);
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)U, (int)G, rows, 1.f, h_prev_all, (int)U, dz, (int)G,
              0.f, d_recurrent, (int)G);
  if (d_bias) {
    memset(d_bias, 0, (size_t)G * sizeof(float));
    for (int64_t r = 0; r < B * T; r++) {
      const float* dzr = dz + r * G;
      for (int64_t j = 0; j < G; j++) d_bias[j] += dzr[j];
    }
  }
  free(dz);
  free(h_prev_all);
  free(dh_rec);
  free(tanh_c);
  return NULL;
}

void register_lstm_kernels(napi_env env, napi_value exports) {
  static const struct named_function functions[] = {
    {"lstmSequence", lstm_sequence}, {"lstmSequenceGrad", lstm_sequence_grad},
  };
  export_functions(env, exports, functions, sizeof functions / sizeof functions[0]);
}
