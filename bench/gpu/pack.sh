#!/usr/bin/env bash
# Packs what bench/gpu.mjs and the layer-gradient test need on the GPU machine into
# .device/ (git-ignored). That machine has no Node and no registry. Unlike
# ../shared/device/pack.sh this does not bundle with esbuild: the wasm backend's pthread script,
# readHdf's and readCsv's workers and the native addon are files found beside the compiled JS
# (__dirname), which an ESM bundle does not have. So the compiled dist/ travels as it is (carry
# it), with only the node_modules files those two programs load, this Node, and the shared
# libraries the native addon and Dawn need (OpenBLAS, the Vulkan loader).
#
#   npm run build && bash bench/gpu/pack.sh
#   device run: carry [".device", "dist"], command "bash bench/gpu/on_device.sh"
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
grep -qx '/.device/' .git/info/exclude 2>/dev/null || echo '/.device/' >> .git/info/exclude
[ -f dist/bench/train/models.js ] || { echo "build first: npm run build" >&2; exit 1; }
rm -rf .device && mkdir -p .device/lib
xz -T0 -6 -c "$(readlink -f "$(command -v node)")" > .device/node.xz

modules=(
  node_modules/long node_modules/seedrandom
  node_modules/@dagrejs/dagre/package.json node_modules/@dagrejs/dagre/dist/dagre.cjs
  node_modules/@dagrejs/graphlib/package.json node_modules/@dagrejs/graphlib/dist/graphlib.cjs
  node_modules/webgpu/package.json node_modules/webgpu/index.js node_modules/webgpu/dist/linux-x64
  node_modules/@tensorflow/tfjs-backend-wasm/package.json node_modules/@tensorflow/tfjs-backend-wasm/wasm-out
)
for f in node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm; do modules+=("$f"); done
for p in tfjs tfjs-core tfjs-layers tfjs-converter tfjs-data tfjs-backend-cpu tfjs-backend-webgl tfjs-backend-webgpu tfjs-backend-wasm; do
  dir=node_modules/@tensorflow/$p
  modules+=("$dir/package.json")
  for f in "$dir"/dist/*.node.js; do modules+=("$f"); done
done
tar -cJf .device/modules.tar.xz "${modules[@]}"

# The addon links libopenblas.so.0 (and through it libgfortran, libquadmath); Dawn dlopens
# libvulkan.so.1. All are found through LD_LIBRARY_PATH there.
# libGLX_nvidia.so.0, the library the NVIDIA Vulkan ICD names, needs glvnd (libGLX, libGLdispatch),
# which that image lacks.
for lib in libopenblas.so.0 libgfortran.so.5 libquadmath.so.0 libvulkan.so.1 libGLX.so.0 libGLdispatch.so.0 libEGL.so.1 libOpenGL.so.0 libGL.so.1 libGLESv2.so.2; do
  src=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ { print $NF }' | head -1)
  if [ -n "$src" ]; then cp -L "$src" ".device/lib/$lib"; else echo "warning: $lib not found here" >&2; fi
done
tar -cJf .device/lib.tar.xz -C .device lib && rm -rf .device/lib
du -sh .device dist
echo "the rest of the tree that travels (all of it must stay under 64 MiB):"
git ls-files -co --exclude-standard -z | du -ch --files0-from=- 2>/dev/null | tail -1
