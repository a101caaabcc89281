/*
 * adviseHugePages(view): asks Linux for transparent huge pages on the 2 MiB-aligned interior of a
 * large buffer that has not been touched yet, as numpy does for its large arrays. Its first touch
 * then costs one fault per 2 MiB instead of one per 4 KiB: filling 80 MB took 8 ms instead of
 * 35–47 ms here, which is most of the gap between a fresh column and numpy's. A no-op (false)
 * where the system does not offer it.
 */
#define _DEFAULT_SOURCE
#include "napi_args.h"
#include <stdlib.h>
#include <sys/mman.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)

static napi_value advise_huge_pages(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_typedarray_type type;
  size_t length = 0, offset;
  napi_value buffer;
  void* data = NULL;
  int advised = 0;
  if (argc == 1 && napi_get_typedarray_info(env, argv[0], &type, &length, &data, &buffer, &offset) == napi_ok &&
      type == napi_uint8_array && data) {
#ifdef MADV_HUGEPAGE
    uintptr_t start = ((uintptr_t)data + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t end = ((uintptr_t)data + length) & ~(HUGE_PAGE - 1);
    if (end > start) advised = madvise((void*)start, end - start, MADV_HUGEPAGE) == 0;
#endif
  }
  napi_get_boolean(env, advised, &result);
  return result;
}

/*
 * hugePageBuffer(bytes): a zeroed ArrayBuffer of fresh anonymous pages, 2 MiB-aligned and advised
 * for huge pages, freed (munmap) when collected. V8 did not allocate it, so it is not "external
 * memory pressure": a V8-allocated 80 MB column block made V8 run a scavenge and a mark-compact
 * (~25 ms) in the middle of each big readHdf.
 */
struct mapping {
  void* base;
  size_t length;
};

static void unmap_buffer(napi_env env, void* data, void* hint) {
  struct mapping* m = hint;
  munmap(m->base, m->length);
  free(m);
}

static napi_value huge_page_buffer(napi_env env, napi_callback_info info) {
  napi_value argv[1], result;
  if (!get_args(env, info, 1, argv, "hugePageBuffer")) return NULL;
  int64_t bytes = int_arg(env, argv[0]);
  if (bytes <= 0) {
    napi_throw_range_error(env, NULL, "hugePageBuffer: bytes must be positive");
    return NULL;
  }
  /* Over-map by one huge page and keep the 2 MiB-aligned stretch, so every page can be huge. */
  size_t length = (size_t)bytes + HUGE_PAGE;
  void* base = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  struct mapping* m = malloc(sizeof *m);
  if (base == MAP_FAILED || !m) {
    if (base != MAP_FAILED) munmap(base, length);
    free(m);
    napi_throw_error(env, "ENOMEM", "hugePageBuffer: out of memory");
    return NULL;
  }
  *m = (struct mapping){base, length};
  void* data = (void*)(((uintptr_t)base + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
#ifdef MADV_HUGEPAGE
  madvise(data, ((size_t)bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1), MADV_HUGEPAGE);
#endif
  if (napi_create_external_arraybuffer(env, data, (size_t)bytes, unmap_buffer, m, &result) != napi_ok) {
    munmap(base, length);
    free(m);
    return NULL; /* N-API has a pending exception (e.g. external buffers not allowed here) */
  }
  return result;
}

void register_memory_functions(napi_env env, napi_value exports) {
  static const struct named_function functions[] = {
      {"adviseHugePages", advise_huge_pages},
      {"hugePageBuffer", huge_page_buffer},
  };
  export_functions(env, exports, functions, 2);
}
