#!/usr/bin/env bash
# The Python package under AddressSanitizer + UndefinedBehaviorSanitizer (`make test-sanitize`):
# pytest at 1, 2, 3 and 4 ranks against the _core extension of a PGAS_SANITIZE build directory.
#   scripts/sanitize-python.sh BUILD_DIR PYTHON [pytest arguments...]
# The interpreter itself is not instrumented: the sanitizer runtimes are preloaded into each
# rank (after mpirun, never into mpirun). Leak checking is off here because CPython and NumPy
# keep their heaps until exit by design; pgas's own leaks are the C++ suites' to find
# (tests/support/lsan.supp).
set -euo pipefail
build=$(cd "$1" && pwd)
python=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
stage=$build/python-stage
rm -rf "$stage"
mkdir -p "$stage"
cp -r "$root/python/pgas" "$stage/pgas"
cp "$build"/python/_core*.so "$stage/pgas/"
runtime="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
for n in 1 2 3 4; do
  echo "== sanitized pytest on $n rank(s)"
  timeout 1200 mpirun --oversubscribe -n "$n" "$root/scripts/rank0-stdout" env \
    LD_PRELOAD="$runtime" ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    PYTHONPATH="$stage:$root/launch${PYTHONPATH:+:$PYTHONPATH}" \
    "$python" -m pytest -q -p no:cacheprovider --color=no "$@"
done
