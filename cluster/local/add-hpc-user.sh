#!/usr/bin/env bash
# Test support for remote staging (docs/real-cluster.md, "Staging"): a second login user that
# plays the cluster account. Creates user `hpc` (or $ADHERE_HPC_USER) with a home folder, a
# login shell and no password (key login only: the shadow field is `*`, which sshd without PAM
# accepts for public keys while `!` would lock the account), and the work root
# ~/adhere-work owned by that user. Idempotent; run as root. Prints the work root.
#
# The loopback sshd of the tests (Tests/SlurmTests/SSHTransportTests.swift) authorises its
# throwaway key for every user, so `ssh -l hpc` reaches this account without touching ~/.ssh.
set -euo pipefail
user=${ADHERE_HPC_USER:-hpc}
die() { echo "add-hpc-user: ERROR: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (useradd)"
case $user in (*[!a-z0-9_-]*|'') die "user name must be lower-case letters, digits, _ or -";; esac

if ! getent passwd "$user" >/dev/null; then
  useradd --create-home --shell /bin/bash "$user" || die "useradd $user failed"
  echo "add-hpc-user: created user $user"
fi
home=$(getent passwd "$user" | cut -d: -f6)
[ -d "$home" ] || { mkdir -p "$home"; chown "$user:" "$home"; }
# Key-only login: an empty-password marker that is not a lock.
if [ "$(getent shadow "$user" | cut -d: -f2)" != "*" ]; then usermod -p '*' "$user"; fi
root="$home/adhere-work"
if [ ! -d "$root" ]; then
  install -d -o "$user" -g "$(id -gn "$user")" -m 0755 "$root"
fi
echo "$root"
