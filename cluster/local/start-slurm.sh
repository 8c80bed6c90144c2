#!/usr/bin/env bash
# Starts Adhere's local one-node Slurm cluster (munged, slurmctld, slurmd from Debian 12's
# slurm-wlm) for tests and benchmarks. Idempotent: installs missing packages, renders
# slurm.conf.template, starts the daemons that are not running (restarts them when the rendered
# config changed), waits until the node accepts jobs. Needs root. On failure: one line starting
# with "start-slurm: ERROR:" (plus the end of the daemon logs), exit status 1.
#
# Clients then need:   source /tmp/adhere-slurm/env.sh     (exports SLURM_CONF)
#
# Environment (all optional):
#   ADHERE_SLURM_ROOT=/tmp/adhere-slurm   config, state, logs, pid files
#   ADHERE_SLURM_CTLD_PORT=6817 ADHERE_SLURM_SLURMD_PORT=6818
#   ADHERE_SLURM_CPUS=64                  CPUs the node advertises (config_overrides; test jobs are tiny)
#   ADHERE_SLURM_MIN_JOB_AGE=3600         seconds finished jobs stay visible to scontrol
#   ADHERE_SLURM_PROCTRACK=auto           cgroup | linuxproc; auto = cgroup when cgroup v1 is writable
#   ADHERE_SLURM_WAIT=60                  seconds to wait for the node
set -euo pipefail
started=$(date +%s.%N)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${ADHERE_SLURM_ROOT:-/tmp/adhere-slurm}
CTLD_PORT=${ADHERE_SLURM_CTLD_PORT:-6817}
SLURMD_PORT=${ADHERE_SLURM_SLURMD_PORT:-6818}
CPUS=${ADHERE_SLURM_CPUS:-64}
MIN_JOB_AGE=${ADHERE_SLURM_MIN_JOB_AGE:-3600}
PROCTRACK=${ADHERE_SLURM_PROCTRACK:-auto}
WAIT=${ADHERE_SLURM_WAIT:-60}
CONF=$ROOT/etc/slurm.conf
SOCK=/run/munge/munge.socket.2

fail() { echo "start-slurm: ERROR: $*" >&2; exit 1; }
fail_logs() {
  echo "start-slurm: ERROR: $*" >&2
  local f
  for f in "$ROOT/log/slurmctld.log" "$ROOT/log/slurmd.log" "$ROOT/log/munged.log"; do
    if [ -s "$f" ]; then echo "--- end of $f" >&2; tail -n 10 "$f" >&2; fi
  done
  exit 1
}
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
# ours NAME: our pid file for NAME names a live process called NAME.
ours() { local f=$ROOT/run/$1.pid pid; [ -s "$f" ] && pid=$(cat "$f") && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ]; }
listening() { ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }
retry() { local tenths=$(( $1 * 5 )); shift; local i; for ((i = 0; i < tenths; i++)); do "$@" && return 0; sleep 0.2; done; return 1; }

[ "$(id -u)" = 0 ] || fail "must run as root (munged and slurmd need it)"
[ -r "$here/slurm.conf.template" ] || fail "missing $here/slurm.conf.template"
mkdir -p "$ROOT/etc" "$ROOT/state/ctld" "$ROOT/state/slurmd" "$ROOT/log" "$ROOT/run"

# 1. Packages.
need=0
for f in /usr/sbin/slurmctld /usr/sbin/slurmd /usr/bin/sbatch /usr/sbin/munged; do [ -x "$f" ] || need=1; done
if [ "$need" = 1 ]; then
  echo "start-slurm: installing slurm-wlm munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >"$ROOT/log/apt.log" 2>&1 || fail "apt-get update failed, see $ROOT/log/apt.log"
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >>"$ROOT/log/apt.log" 2>&1 \
    || fail "apt-get install slurm-wlm munge failed, see $ROOT/log/apt.log"
fi

# 2. Configuration.
HOST=$(hostname -s)
MEM_MB=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
if [ "$PROCTRACK" = auto ]; then
  PROCTRACK=linuxproc
  probe=/sys/fs/cgroup/freezer/adhere-probe.$$
  if [ -d /sys/fs/cgroup/memory ] && mkdir "$probe" 2>/dev/null; then rmdir "$probe"; PROCTRACK=cgroup; fi
fi
case "$PROCTRACK" in
  cgroup) TASK=cgroup ;;
  linuxproc|pgid) TASK=none ;;
  *) fail "ADHERE_SLURM_PROCTRACK must be auto, cgroup, linuxproc or pgid (got '$PROCTRACK')" ;;
esac
sed -e "s|{{ROOT}}|$ROOT|g" -e "s|{{CLUSTER}}|adhere|g" -e "s|{{HOST}}|$HOST|g" \
    -e "s|{{CTLD_PORT}}|$CTLD_PORT|g" -e "s|{{SLURMD_PORT}}|$SLURMD_PORT|g" \
    -e "s|{{PROCTRACK}}|$PROCTRACK|g" -e "s|{{TASK}}|$TASK|g" -e "s|{{CPUS}}|$CPUS|g" \
    -e "s|{{MEM_MB}}|$MEM_MB|g" -e "s|{{DEF_MEM_PER_CPU}}|256|g" -e "s|{{MIN_JOB_AGE}}|$MIN_JOB_AGE|g" \
    "$here/slurm.conf.template" >"$CONF.new"
grep -q '{{' "$CONF.new" && fail "unfilled variable in $CONF.new: $(grep -o '{{[A-Z_]*}}' "$CONF.new" | head -1)"
# Cores are not constrained: the node advertises more CPUs than exist (see the template).
printf 'CgroupPlugin=cgroup/v1\nConstrainCores=no\nConstrainRAMSpace=yes\n' >"$ROOT/etc/cgroup.conf"
changed=0
cmp -s "$CONF.new" "$CONF" || changed=1
mv "$CONF.new" "$CONF"
export SLURM_CONF=$CONF
printf 'export SLURM_CONF=%s\n' "$CONF" >"$ROOT/env.sh"

# 3. munged on the default socket (a running one is reused).
munge_works() { munge -n -S "$SOCK" 2>/dev/null | unmunge -S "$SOCK" >/dev/null 2>&1; }
if ! munge_works; then
  if [ ! -s /etc/munge/munge.key ]; then mkdir -p /etc/munge; mungekey --create --keyfile=/etc/munge/munge.key || fail "mungekey failed"; fi
  mkdir -p /run/munge && chmod 755 /run/munge
  # --force: the Debian key belongs to the munge user, munged as root refuses it otherwise.
  /usr/sbin/munged --force --pid-file="$ROOT/run/munged.pid" --log-file="$ROOT/log/munged.log" \
    --seed-file="$ROOT/state/munged.seed" || fail_logs "munged did not start"
  retry 10 munge_works || fail_logs "munged does not answer on $SOCK"
fi

# 4. slurmctld and slurmd.
stop_if_changed() {
  local pid
  if [ "$changed" = 1 ] && ours "$1"; then
    pid=$(cat "$ROOT/run/$1.pid"); kill "$pid" 2>/dev/null || true
    retry 20 eval "! kill -0 $pid 2>/dev/null" || kill -9 "$pid" 2>/dev/null || true
  fi
}
launch() {
  ours "$1" && return 0
  listening "$2" && fail "port $2 is used by a process that is not our $1 (set ADHERE_SLURM_*_PORT or stop it)"
  "/usr/sbin/$1" || fail_logs "$1 did not start"
  retry 20 listening "$2" || fail_logs "$1 does not listen on port $2"
}
stop_if_changed slurmctld
stop_if_changed slurmd
launch slurmctld "$CTLD_PORT"
launch slurmd "$SLURMD_PORT"

# 5. Wait for the node.
until_s=$(( $(date +%s) + WAIT ))
state=
while [ "$(date +%s)" -lt "$until_s" ]; do
  ours slurmctld || fail_logs "slurmctld exited"
  ours slurmd || fail_logs "slurmd exited"
  state=$(sinfo -h -n "$HOST" -p debug -o %T 2>/dev/null || true)
  case "$state" in
    idle*|mixed*|allocated*)
      echo "start-slurm: ready in $(seconds_since "$started") s: node $HOST $state, $CPUS CPUs, $MEM_MB MB, proctrack/$PROCTRACK"
      echo "start-slurm: source $ROOT/env.sh   # export SLURM_CONF=$CONF"
      # The cluster's ssh door for remote-staging tests and trials (docs/real-cluster.md): the
      # job user `hpc` and a loopback sshd. ADHERE_SKIP_SSHD=1 leaves them out.
      if [ "${ADHERE_SKIP_SSHD:-0}" != 1 ]; then
        bash "$here/add-hpc-user.sh" >/dev/null || fail_logs "add-hpc-user.sh failed"
        bash "$here/loopback-sshd.sh" start >/dev/null || fail_logs "loopback-sshd.sh failed"
        echo "start-slurm: loopback sshd for user hpc on 127.0.0.1:${ADHERE_SSHD_PORT:-2222} (cluster/local/loopback-sshd.sh)"
      fi
      exit 0 ;;
    down*|drain*|fail*|inval*) scontrol update nodename="$HOST" state=resume >/dev/null 2>&1 || true ;;
  esac
  sleep 0.5
done
fail_logs "node $HOST did not become ready within $WAIT s (last state: '${state:-no answer}')"
