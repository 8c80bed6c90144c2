#!/usr/bin/env bash
# Test support for remote staging: an sshd on 127.0.0.1 that lets this machine's root log in as
# the cluster user made by add-hpc-user.sh, with a throwaway key, so that `adhere run` can treat
# this machine as a remote cluster (docs/real-cluster.md, "Trying it on one machine").
#   loopback-sshd.sh start   → prints the ssh_options for a cluster profile
#   loopback-sshd.sh stop
# Environment: ADHERE_SSHD_DIR (default /tmp/adhere-sshd), ADHERE_SSHD_PORT (default 2222).
# Idempotent; run as root. sshd gives up after 12 hours by itself (timeout).
set -euo pipefail
dir=${ADHERE_SSHD_DIR:-/tmp/adhere-sshd}
port=${ADHERE_SSHD_PORT:-2222}
user=${ADHERE_HPC_USER:-hpc}
die() { echo "loopback-sshd: ERROR: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root"
case ${1:-start} in
  stop)
    [ -f "$dir/sshd.pid" ] && kill "$(cat "$dir/sshd.pid")" 2>/dev/null || true
    rm -f "$dir/sshd.pid"; echo "loopback-sshd: stopped"; exit 0 ;;
  start) ;;
  *) die "usage: loopback-sshd.sh start|stop" ;;
esac
[ -x /usr/sbin/sshd ] || die "no /usr/sbin/sshd (bash cluster/local/install.sh installs openssh-server)"
mkdir -p "$dir" /run/sshd; chmod 0755 "$dir"
[ -f "$dir/client_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/client_key"
[ -f "$dir/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key"
cp "$dir/client_key.pub" "$dir/authorized_keys"; chmod 0644 "$dir/authorized_keys"
cat > "$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_key
AuthorizedKeysFile $dir/authorized_keys
PidFile $dir/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
AllowUsers $user
CONF
if ! { [ -f "$dir/sshd.pid" ] && kill -0 "$(cat "$dir/sshd.pid")" 2>/dev/null; }; then
  setsid timeout 43200 /usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log" </dev/null >/dev/null 2>&1 &
  for _ in $(seq 50); do [ -f "$dir/sshd.pid" ] && break; sleep 0.1; done
fi
echo "ssh_options: [-p, \"$port\", -i, $dir/client_key, -l, $user, -o, IdentitiesOnly=yes, -o, StrictHostKeyChecking=no, -o, UserKnownHostsFile=/dev/null, -o, LogLevel=ERROR]"
