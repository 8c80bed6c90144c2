#!/usr/bin/env bash
# Installs what Adhere needs on a Debian 12 machine (run as root): the C libraries it links
# (libxml2, libhdf5, SQLite), xmllint for benchmarks, pdflatex and pdftoppm for the report tests
# (texlive-latex-base, texlive-latex-recommended, poppler-utils), and a Python venv with the established
# tools the interop tests and benchmarks compare against (pymatgen, ASE, h5py) — never used by
# Adhere itself. Idempotent; prints what it did. Slurm is installed by start-slurm.sh.
#
# Engines (docs/engines.md): into the same venv torch (the registry's default wheel; inference
# runs on the CPU), sevenn (SevenNet-0, weights inside the package), chgnet (CHGNet 0.3.0,
# weights inside) and dftd3 (s-dftd3 with its ASE calculator); from Debian gpaw and gpaw-data
# (PBE PAW setups without La), plus the Python gpaw-data package, whose newer setups include La.
# Measured on this 2-core Debian 12 machine: ~18 min and +5.5 GB (docs/validation.md, "Cost").
#
# Environment: ADHERE_VENV (default /opt/adhere-venv), ADHERE_SKIP_PYTHON=1 to skip the venv,
# ADHERE_SKIP_ENGINES=1 to skip the engines (quick development; CI installs them).
set -euo pipefail
VENV=${ADHERE_VENV:-/opt/adhere-venv}
die() { echo "install: ERROR: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (apt-get install)"

pkgs=(libxml2-dev libhdf5-dev libsqlite3-dev pkg-config libxml2-utils hdf5-tools python3-venv openssh-client openssh-server time
      texlive-latex-base texlive-latex-recommended poppler-utils)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "install: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/tmp/adhere-apt.log 2>&1 || die "apt-get update failed (see /tmp/adhere-apt.log)"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >>/tmp/adhere-apt.log 2>&1 \
    || die "apt-get install failed (see /tmp/adhere-apt.log)"
fi

if [ "${ADHERE_SKIP_PYTHON:-0}" != 1 ]; then
  if ! "$VENV/bin/python" -c 'import pymatgen.core, ase, h5py' >/dev/null 2>&1; then
    echo "install: Python venv $VENV with pymatgen, ase, h5py (anchors for interop tests and benchmarks)"
    python3 -m venv "$VENV" || die "python3 -m venv failed"
    "$VENV/bin/pip" install -q --disable-pip-version-check pymatgen ase h5py \
      || die "pip install into $VENV failed"
  fi
fi
if [ "${ADHERE_SKIP_ENGINES:-0}" != 1 ]; then
  if ! dpkg -s gpaw gpaw-data >/dev/null 2>&1; then
    echo "install: apt-get install gpaw gpaw-data (engine gpaw; serial runs, see docs/engines.md)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >>/tmp/adhere-apt.log 2>&1 || die "apt-get update failed (see /tmp/adhere-apt.log)"
    apt-get install -y -qq --no-install-recommends gpaw gpaw-data >>/tmp/adhere-apt.log 2>&1 \
      || die "apt-get install gpaw gpaw-data failed (see /tmp/adhere-apt.log)"
  fi
  if [ "${ADHERE_SKIP_PYTHON:-0}" != 1 ]; then
    # Package metadata only (importing torch, or running pip, takes minutes on a busy machine).
    if ! "$VENV/bin/python" -c 'import importlib.metadata as m; [m.version(p) for p in ("torch", "sevenn", "chgnet", "dftd3")]' >/dev/null 2>&1; then
      echo "install: torch, sevenn, chgnet, dftd3 into $VENV (engine mlip; a few GB, several minutes)"
      "$VENV/bin/pip" install -q --disable-pip-version-check torch sevenn chgnet dftd3 \
        || die "pip install of the mlip engine into $VENV failed"
    fi
    # Newer PAW setups (with La, which Debian's gpaw-data lacks) for the gpaw engine.
    if ! "$VENV/bin/python" -c 'import importlib.metadata as m; m.version("gpaw-data")' >/dev/null 2>&1; then
      echo "install: gpaw-data into $VENV (PAW setups including La)"
      "$VENV/bin/pip" install -q --disable-pip-version-check gpaw-data \
        || die "pip install gpaw-data into $VENV failed"
    fi
  fi
fi
echo "install: ready"
