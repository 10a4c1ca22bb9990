#!/usr/bin/env bash
# A single-node Slurm cluster with fake GPUs, all state under one directory (for tests and CI).
#
# Install first (once, as root; nothing starts by itself):
#   apt-get update && apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge
#
# Usage: tools/slurm_local.sh start|stop|status [STATE_DIR]     (default STATE_DIR: /tmp/ocl-slurm)
#   start   writes munge key + slurm.conf + gres.conf (fake GPU char devices), starts munged,
#           slurmctld -c -i and slurmd, waits until the node is idle, prints `export SLURM_CONF=...`
#   stop    cancels remaining jobs, then kills the three daemons by pid (zombies count as dead)
#   status  daemon pids and `sinfo`
# Env: OCL_SLURM_GPUS (fake GPUs, default 2), OCL_SLURMCTLD_PORT (6817), OCL_SLURMD_PORT (6818).
set -euo pipefail

cmd=${1:-}
D=$(realpath -m "${2:-/tmp/ocl-slurm}")
GPUS=${OCL_SLURM_GPUS:-2}
CTLD_PORT=${OCL_SLURMCTLD_PORT:-6817}
SLURMD_PORT=${OCL_SLURMD_PORT:-6818}
CONF=$D/etc/slurm.conf
DAEMONS="slurmd slurmctld munged"  # stop order

die() { echo "slurm_local.sh: $*" >&2; exit 1; }

pid_of() {  # pid from NAME's pid file, only if that process is NAME (pids get reused)
    local pid
    pid=$([[ -s $D/run/$1.pid ]] && cat "$D/run/$1.pid" || true)
    [[ -n $pid && $(cat "/proc/$pid/comm" 2>/dev/null) == "$1" ]] && echo "$pid" || true
}

alive() {  # pid runs and is not a zombie
    local pid=$1 state
    [[ -n $pid && -r /proc/$pid/stat ]] || return 1
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
    [[ $state != Z ]]
}

write_config() {
    mkdir -p "$D"/{etc,log,state,spool,run,dev,munge-lib}
    mkdir -p -m 0755 "$D/munge"       # socket dir: munged refuses a 0700 one
    mkdir -p -m 0700 "$D/munge-key"
    chmod 0755 "$D/log" "$D/run"
    chmod 0700 "$D/munge-lib"
    if [[ ! -s $D/munge-key/munge.key ]]; then
        head -c 1024 /dev/urandom > "$D/munge-key/munge.key"
        chmod 0400 "$D/munge-key/munge.key"
    fi
    local i last=$((GPUS - 1)) mem
    for ((i = 0; i < GPUS; i++)); do
        [[ -c $D/dev/gpu$i ]] || mknod -m 666 "$D/dev/gpu$i" c 1 3  # char devices: regular files give no CUDA_VISIBLE_DEVICES
    done
    mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
    cat > "$CONF" <<EOF
ClusterName=ocl
SlurmctldHost=localhost
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$D/munge/munge.socket.2
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/run/slurmctld.pid
SlurmdPidFile=$D/run/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$D/log/jobcomp.txt
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
EnforcePartLimits=ALL
MinJobAge=3600
ReturnToService=2
MpiDefault=none
GresTypes=gpu
NodeName=localhost CPUs=$(nproc) RealMemory=$mem Gres=gpu:$GPUS State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
    if ((GPUS > 0)); then
        echo "NodeName=localhost Name=gpu File=$D/dev/gpu[0-$last]" > "$D/etc/gres.conf"
    else
        : > "$D/etc/gres.conf"
        sed -i 's/ Gres=gpu:0//' "$CONF"
    fi
}

wait_idle() {
    local i state
    for ((i = 0; i < 150; i++)); do
        state=$(SLURM_CONF=$CONF sinfo -h -n localhost -o %T 2>/dev/null || true)
        [[ $state == idle* ]] && return 0
        sleep 0.2
    done
    die "node not idle after 30 s (state '${state:-?}'); see $D/log/slurmctld.log and $D/log/slurmd.log"
}

start() {
    command -v slurmctld >/dev/null || die "slurmctld not found; apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge"
    write_config
    if ! alive "$(pid_of munged)"; then
        munged --socket="$D/munge/munge.socket.2" --key-file="$D/munge-key/munge.key" \
            --pid-file="$D/run/munged.pid" --log-file="$D/log/munged.log" --seed-file="$D/munge-lib/munged.seed"
    fi
    if ! alive "$(pid_of slurmctld)"; then
        slurmctld -f "$CONF" -c -i
    fi
    if ! alive "$(pid_of slurmd)"; then  # a second slurmd on the same config kills the first
        slurmd -f "$CONF" -N localhost
    fi
    wait_idle
    echo "export SLURM_CONF=$CONF"
}

cancel_jobs() {  # job steps outlive slurmd: cancel them while slurmctld still answers
    local i
    alive "$(pid_of slurmctld)" || return 0
    SLURM_CONF=$CONF scancel --full --user="$(id -un)" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        [[ -z $(SLURM_CONF=$CONF squeue -h -t running,completing,pending 2>/dev/null) ]] && return 0
        sleep 0.1
    done
    echo "slurm_local.sh: jobs still running after scancel; stopping daemons anyway" >&2
}

stop() {
    local name pid i
    cancel_jobs
    for name in $DAEMONS; do
        pid=$(pid_of "$name")
        if alive "$pid"; then
            kill -TERM "$pid" 2>/dev/null || true
            for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
            alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
        fi
        rm -f "$D/run/$name.pid"
    done
    echo "slurm_local.sh: stopped ($D)"
}

status() {
    local name pid rc=0
    for name in munged slurmctld slurmd; do
        pid=$(pid_of "$name")
        if alive "$pid"; then echo "$name: running (pid $pid)"; else echo "$name: stopped"; rc=1; fi
    done
    ((rc == 0)) && SLURM_CONF=$CONF sinfo
    return $rc
}

case $cmd in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) die "usage: tools/slurm_local.sh start|stop|status [STATE_DIR]" ;;
esac
