#!/usr/bin/env bash
# A local Ray head node to test joining an existing cluster (RayRunner address=...).
#
# Install first: pip install ray   (ray>=2.9; `ray start` needs nothing more)
#
# Usage: tools/ray_head.sh start|stop [STATE_DIR]        (default STATE_DIR: /tmp/ocl-ray)
#   start   setsid `ray start --head --block` in the background, pid in STATE_DIR/head.pid; waits
#           until ray.init(address=...) connects; prints `export OCL_RAY_ADDRESS=127.0.0.1:PORT`
#   stop    kills the head's process group by pid (never `ray stop`: that kills every Ray process
#           on the machine) and removes /tmp/ray/ray_current_cluster
# Env: OCL_RAY_PORT (default 6390), OCL_RAY_CPUS (2), OCL_RAY_GPUS (2, fake).
set -euo pipefail

cmd=${1:-}
D=$(realpath -m "${2:-/tmp/ocl-ray}")
PORT=${OCL_RAY_PORT:-6390}
export RAY_AUTH_MODE=disabled RAY_USAGE_STATS_ENABLED=0 RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0

die() { echo "ray_head.sh: $*" >&2; exit 1; }

alive() {  # pid runs and is not a zombie
    local pid=$1 state
    [[ -n $pid && -r /proc/$pid/stat ]] || return 1
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
    [[ $state != Z ]]
}

head_pid() { [[ -s $D/head.pid ]] && cat "$D/head.pid" || true; }

start() {
    command -v ray >/dev/null || die "ray not found; pip install ray"
    mkdir -p "$D"
    if alive "$(head_pid)"; then
        echo "export OCL_RAY_ADDRESS=127.0.0.1:$PORT"
        return 0
    fi
    setsid ray start --head --block --port "$PORT" --num-cpus "${OCL_RAY_CPUS:-2}" \
        --num-gpus "${OCL_RAY_GPUS:-2}" --dashboard-host 127.0.0.1 --include-dashboard=false \
        > "$D/head.log" 2>&1 < /dev/null &
    echo $! > "$D/head.pid"
    local i
    for ((i = 0; i < 300; i++)); do  # the GCS port opens first; ray.init on a closed port would hang
        alive "$(head_pid)" || die "ray head exited; see $D/head.log"
        (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
        sleep 0.2
    done
    timeout 60 python - "127.0.0.1:$PORT" <<'EOF' || die "ray.init(address=127.0.0.1:$PORT) failed; see $D/head.log"
import sys, ray
ray.init(address=sys.argv[1], logging_level="ERROR", log_to_driver=False)
ray.shutdown()
EOF
    echo "export OCL_RAY_ADDRESS=127.0.0.1:$PORT"
}

descendants() {  # pids of every process below $1 (Ray workers get their own process groups)
    local kid
    for kid in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        echo "$kid"
        descendants "$kid"
    done
}

stop() {
    local pid i tree p
    pid=$(head_pid)
    if alive "$pid"; then
        tree=$(descendants "$pid")
        # SIGTERM makes the head drain for up to 30 s; give it 3 s, then kill the rest.
        kill -TERM -- "-$pid" 2>/dev/null || true
        for ((i = 0; i < 30; i++)); do alive "$pid" || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
        for p in $tree; do alive "$p" && kill -KILL "$p" 2>/dev/null || true; done
    fi
    rm -f "$D/head.pid" /tmp/ray/ray_current_cluster
    echo "ray_head.sh: stopped ($D)"
}

case $cmd in
    start) start ;;
    stop) stop ;;
    *) die "usage: tools/ray_head.sh start|stop [STATE_DIR]" ;;
esac
