#!/bin/sh
# Coverage-guided fuzzing of the readers with libFuzzer (swiftc -sanitize=fuzzer), for a bounded
# time. Not part of `swift test`; the seeded mutation suite (Tests/FuzzTests) is what CI runs.
#
#   Tests/Fuzz/run-libfuzzer.sh [seconds-per-target] [target ...]
#   targets: POSCAR CIF ExtendedXYZ Vasprun (default: all), 60 s each by default.
#
# The library modules are built with fuzzer instrumentation into .build-fuzz (kept out of git),
# each target is linked against them, and run with a per-input timeout of 10 s and an RSS cap
# of 2 GB. Corpora start from the shipped structures and the shared vasprun fixtures (read in
# place) and grow in .build-fuzz/corpus-<target>; crashes land in .build-fuzz/artifacts/.
set -eu
cd "$(dirname "$0")/../.."
SECONDS_PER_TARGET=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=${*:-POSCAR CIF ExtendedXYZ Vasprun}
BUILD=.build-fuzz
SHARED=${ADHERE_SHARED:-../shared}

# Only the modules the chosen targets need: Crystal for the structure readers, VASP for vasprun.
case " $TARGETS " in *" Vasprun "*) MODULE=VASP ;; *) MODULE=Crystal ;; esac
swift build --build-path "$BUILD" --target "$MODULE" -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
DEBUG="$BUILD/debug"
DIRS=""
for m in Units Resources Crystal XMLStream VASP Mustache Yams CYaml; do
    [ -d "$DEBUG/$m.build" ] && DIRS="$DIRS $DEBUG/$m.build"
done
OBJECTS=$(find $DIRS -name '*.o')
mkdir -p "$BUILD/artifacts"

for target in $TARGETS; do
    exe="$BUILD/fuzz-$target"
    swiftc -sanitize=fuzzer -parse-as-library -g "Tests/Fuzz/Fuzz$target.swift" -o "$exe" \
        -I "$DEBUG/Modules" -Xcc -fmodule-map-file=Sources/CLibXML2/module.modulemap \
        -Xcc -I/usr/include/libxml2 $OBJECTS -lxml2 -lz 2>&1 | grep -v "Cannot export local symbol" || true
    corpus="$BUILD/corpus-$target"
    mkdir -p "$corpus"
    case $target in
        POSCAR) for f in Tests/FuzzTests/Regressions/poscar/*; do cp "$f" "$corpus/"; done ;;
        CIF) cp structures/*.cif Tests/FuzzTests/Regressions/cif/* "$corpus/" ;;
        ExtendedXYZ) cp Tests/FuzzTests/Regressions/xyz/* "$corpus/" ;;
        Vasprun) cp Tests/FuzzTests/Regressions/vasprun/* "$corpus/"
                 for f in large_cell_real_optlay killed_interface_slab; do
                     [ -f "$SHARED/fixtures/vasprun/$f.vasprun.xml" ] && cp "$SHARED/fixtures/vasprun/$f.vasprun.xml" "$corpus/"
                 done ;;
    esac
    echo "== $target: $SECONDS_PER_TARGET s"
    "$exe" "$corpus" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
        -artifact_prefix="$BUILD/artifacts/$target-" -print_final_stats=1 2>&1 | grep -E "^#|DONE|ERROR|stat::" | tail -8
done
