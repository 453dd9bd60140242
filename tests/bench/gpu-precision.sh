#!/usr/bin/env bash
# The precision and channels-last checks of issue 18 (target 4) on a CUDA machine, in one log, in under 9 minutes on an
# H100/H200: Release build, the paper step in fp32/bf16/fp16, paper-preset inference per precision, the same step in
# PyTorch on the same card (when a CUDA PyTorch is importable), and Table 1 at the cpu preset in fp32 and bf16.
# Each section runs under what is left of the time budget; a section that would not fit is reported as skipped.
#
#   tests/bench/gpu-precision.sh [LOG]        (default LOG: gpu-precision.log; BUDGET_S=530 by default)
#
# Without a CUDA libtorch of its own the lab runs on the installed PyTorch's (README.md, "GPU hosts").
set -uo pipefail
cd "$(dirname "$0")/../.."
LOG=${1:-gpu-precision.log}
BUDGET_S=${BUDGET_S:-530}
START=$(date +%s)
exec > >(tee "$LOG") 2>&1

PYTHON=${PYTHON:-python3}
echo "== gpu-precision $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), budget ${BUDGET_S}s"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo "nvidia-smi: not found"
TORCH_LIB=$("$PYTHON" -c "import torch,os;print(os.path.join(os.path.dirname(torch.__file__),'lib')) if torch.cuda.is_available() else None" 2>/dev/null | grep -v None || true)
if [ -n "$TORCH_LIB" ]; then
  echo "CUDA PyTorch: $("$PYTHON" -c 'import torch;print(torch.__version__, torch.version.cuda)') ($TORCH_LIB)"
  export LD_LIBRARY_PATH="$TORCH_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
  echo "CUDA PyTorch: none importable with $PYTHON; bench compare is skipped"
fi

left() { echo $((BUDGET_S - ($(date +%s) - START))); }

# section NAME SECONDS COMMAND...: runs COMMAND with at most SECONDS (and never past the budget).
section() {
  local name=$1 want=$2; shift 2
  local remaining; remaining=$(left)
  local limit=$(( want < remaining ? want : remaining ))
  if [ "$limit" -lt 20 ]; then echo "== $name: skipped, ${remaining}s of the budget left"; return; fi
  echo "== $name (at most ${limit}s)"
  local t0; t0=$(date +%s)
  timeout --signal=INT --kill-after=10 "$limit" "$@"
  local rc=$?
  echo "== $name: exit $rc after $(( $(date +%s) - t0 ))s$([ $rc -eq 124 ] && echo ', stopped at its time limit')"
}

LAB=(dotnet artifacts/gpu-precision/UNet3D.Lab.Silo.dll)
section "build (Release)" 120 dotnet publish src/Silo -c Release -o artifacts/gpu-precision -v quiet -nologo
if [ ! -f artifacts/gpu-precision/UNet3D.Lab.Silo.dll ]; then echo "== no build, nothing to measure"; exit 1; fi
# The CPU libtorch of the publish gives way to the CUDA PyTorch's (keep libLibTorchSharp.so), as on the H100 check.
if [ -n "$TORCH_LIB" ]; then rm -f artifacts/gpu-precision/runtimes/linux-x64/native/libtorch*.so* artifacts/gpu-precision/runtimes/linux-x64/native/libc10*.so*; fi

for precision in fp32 bf16 fp16; do
  section "bench step paper $precision" 45 "${LAB[@]}" bench step --preset paper --device cuda --precision "$precision" --steps 4
done
for precision in fp32 bf16 fp16; do
  section "bench inference paper $precision" 30 "${LAB[@]}" bench inference --preset paper --device cuda --precision "$precision"
done
if [ -n "$TORCH_LIB" ]; then
  for precision in fp32 bf16 fp16; do
    section "bench compare paper $precision" 50 "${LAB[@]}" bench compare --preset paper --device cuda --precision "$precision" --steps 3 --python "$PYTHON"
  done
fi
DATA=$(mktemp -d)
for precision in fp32 bf16; do
  section "table 1 cpu $precision" 150 "${LAB[@]}" table 1 --preset cpu --device cuda --precision "$precision" --slots 3 \
    --data-dir "$DATA/$precision" --out "artifacts/gpu-precision/table1-$precision"
done
rm -rf "$DATA"
echo "== done in $(( $(date +%s) - START ))s; log: $LOG"
