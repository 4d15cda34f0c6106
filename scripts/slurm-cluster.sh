#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for testing pgas-launch --slurm against a real Slurm.
#
#   scripts/slurm-cluster.sh up       install slurm-wlm + munge if missing, start munged, slurmctld and
#                                     slurmd, wait until the node is idle (idempotent)
#   scripts/slurm-cluster.sh down     stop the daemons, remove the config this script wrote
#   scripts/slurm-cluster.sh status   say whether the cluster is up (exit 0) or not (exit 1)
#
# Everything the daemons write (state, spool, logs, pid files) lives under $PGAS_SLURM_DIR
# (default /tmp/pgas-slurm). The config goes to /etc/slurm/slurm.conf because that is where every
# Slurm client (sbatch, srun, scontrol, squeue) looks without help; a slurm.conf this script did not
# write is never touched. Why each slurm.conf setting is there: docs/launching.md, "The test cluster".
set -euo pipefail

SCRATCH=${PGAS_SLURM_DIR:-/tmp/pgas-slurm}
SLURM_CONF=/etc/slurm/slurm.conf
MARKER="# written by pgas scripts/slurm-cluster.sh"
NODE=$(hostname -s)
UP_TIMEOUT=${PGAS_SLURM_UP_TIMEOUT:-60}

say() { echo "slurm-cluster: $*"; }
die() { echo "slurm-cluster: error: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=() p
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# The node line describes the real hardware (slurmd -C reads it); RealMemory is left out on purpose:
# if the configured memory ever exceeds what slurmd measures, Slurm drains the node.
node_line() {
  slurmd -C | head -1 | tr ' ' '\n' | grep -E '^(NodeName|CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore)=' \
    | sed "s/^NodeName=.*/NodeName=$NODE/" | paste -sd' '
}

write_config() {
  if [ -f "$SLURM_CONF" ] && ! grep -qF "$MARKER" "$SLURM_CONF"; then
    die "$SLURM_CONF exists and was not written by this script; refusing to overwrite a real cluster's config"
  fi
  mkdir -p "$SCRATCH/state" "$SCRATCH/spool" "$SCRATCH/log"
  as_root mkdir -p "$(dirname "$SLURM_CONF")"
  as_root tee "$SLURM_CONF" >/dev/null <<EOF
$MARKER -- remove with: scripts/slurm-cluster.sh down
ClusterName=pgas-test
SlurmctldHost=$NODE
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$SCRATCH/state
SlurmdSpoolDir=$SCRATCH/spool
SlurmctldPidFile=$SCRATCH/slurmctld.pid
SlurmdPidFile=$SCRATCH/slurmd.pid
SlurmctldLogFile=$SCRATCH/log/slurmctld.log
SlurmdLogFile=$SCRATCH/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
SchedulerType=sched/backfill
ReturnToService=2
MinJobAge=300
KillWait=5
InactiveLimit=0
SlurmdTimeout=60
$(node_line) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

pid_alive() {  # pid_alive FILE: the pid recorded in FILE is a running process
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

start_munge() {
  if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then return 0; fi
  as_root install -d -o munge -g munge -m 0755 /run/munge
  # munged insists on running as the owner of its key; the Debian package made that the munge user.
  as_root runuser -u munge -- /usr/sbin/munged
  local i
  for i in $(seq 1 50); do
    munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "munged did not start (see /var/log/munge/munged.log)"
}

node_state() {
  sinfo -h -N -n "$NODE" -o '%T' 2>/dev/null | head -1
}

up() {
  install_packages
  write_config
  start_munge
  pid_alive "$SCRATCH/slurmctld.pid" || as_root slurmctld
  pid_alive "$SCRATCH/slurmd.pid" || as_root slurmd
  local deadline=$((SECONDS + UP_TIMEOUT)) state=""
  while [ $SECONDS -lt $deadline ]; do
    state=$(node_state || true)
    case "$state" in
      idle|mixed|allocated) say "up: node $NODE is $state ($(node_line))"; return 0 ;;
      drain*|down*) scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  echo "--- slurmctld.log" >&2; tail -n 20 "$SCRATCH/log/slurmctld.log" >&2 2>/dev/null || true
  echo "--- slurmd.log" >&2; tail -n 20 "$SCRATCH/log/slurmd.log" >&2 2>/dev/null || true
  die "node $NODE did not become idle within ${UP_TIMEOUT}s (state: '${state:-unknown}')"
}

stop_daemon() {  # stop_daemon NAME PIDFILE
  local pidfile=$2 pid i
  pid_alive "$pidfile" || return 0
  pid=$(cat "$pidfile")
  as_root kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  say "$1 ($pid) ignored SIGTERM for 5 s; killing it"
  as_root kill -KILL "$pid" 2>/dev/null || true
}

down() {
  if [ -f "$SLURM_CONF" ] && grep -qF "$MARKER" "$SLURM_CONF"; then
    # Cancel what is still queued or running so no job step outlives the cluster.
    scancel --full --quiet --user="$(id -un)" 2>/dev/null || true
  fi
  stop_daemon slurmd "$SCRATCH/slurmd.pid"
  stop_daemon slurmctld "$SCRATCH/slurmctld.pid"
  if [ -f "$SLURM_CONF" ] && grep -qF "$MARKER" "$SLURM_CONF"; then as_root rm -f "$SLURM_CONF"; fi
  # munged is left running: it is harmless, and other software on the machine may rely on it.
  rm -rf "$SCRATCH/state" "$SCRATCH/spool"
  say "down"
}

status() {
  local state
  if pid_alive "$SCRATCH/slurmctld.pid" && pid_alive "$SCRATCH/slurmd.pid"; then
    state=$(node_state || true)
    say "slurmctld and slurmd running; node $NODE is ${state:-unknown}"
    case "$state" in idle|mixed|allocated) return 0 ;; esac
    return 1
  fi
  say "not running"
  return 1
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 {up|down|status}" >&2; exit 2 ;;
esac
