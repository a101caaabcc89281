#!/usr/bin/env bash
# Runs on the GPU machine (see pack.sh): unpacks Node and the packed modules, points Dawn at the
# NVIDIA Vulkan driver, then runs the layer-gradient test on the hardware adapter and
# bench/gpu.mjs. Each step's output also goes to $OUT (when set) so it comes back whole.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-/tmp/gpu-out}
mkdir -p "$out" /tmp/nodebin
xz -dc .device/node.xz > /tmp/nodebin/node && chmod +x /tmp/nodebin/node
export PATH=/tmp/nodebin:$PATH
tar -xJf .device/modules.tar.xz
tar -xJf .device/lib.tar.xz -C .device
export LD_LIBRARY_PATH=$PWD/.device/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
  if [ -f "$f" ]; then export VK_DRIVER_FILES=$f; break; fi
done
export XDG_RUNTIME_DIR=/tmp
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
icd_lib=$(ldconfig -p | awk '/libGLX_nvidia.so.0/ { print $NF }' | head -1)
[ -n "$icd_lib" ] && ldd "$icd_lib" | grep "not found"
echo "node $(node --version); VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}; nproc $(nproc)"
# STEPS picks among: backend layers bench cpu blas (cpu: bench/train's CPU figures on this machine's
# cores, ours at several OpenBLAS thread counts against PyTorch CPU at several torch thread counts;
# blas: which OpenBLAS kernels this CPU gets, and each kernel set's one-thread sgemm speed).
steps=" ${STEPS:-backend layers bench} "
step() { local name=$1 limit=$2; shift 2; [[ $steps == *" $name "* ]] || return 0; echo "== $name"; timeout "$limit" "$@" 2>&1 | tee "$out/$name.log"; echo "== $name: exit ${PIPESTATUS[0]}"; }
# What a notebook there gets by default (hardware adapters only), before anything is forced.
step backend 60 node -e 'const { backend } = require("./dist/lib/backend/index.js"); backend.ready().then(() => console.log(backend.describe()), (e) => { console.log(String(e)); process.exit(1); })'
step layers "${LAYERS_LIMIT:-180}" node --test --test-reporter=spec dist/test/lib/backend/layer_gradients.test.js
step bench "${BENCH_LIMIT:-240}" node bench/gpu.mjs --seconds "${SECONDS_PER_MODEL:-3}"
cores=$(nproc)
step cpu "${CPU_LIMIT:-300}" node dist/bench/train/index.js --backends wasm --seconds 2 --blas-threads "1,2,4,$cores" --peer-threads "1,4,$cores"
step blas 120 node bench/gpu/blas_probe.mjs
