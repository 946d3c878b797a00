#!/bin/bash
# Fuzzes the template lexer and parser with libFuzzer for SECONDS (default 60): configures a
# build-fuzz tree with clang, every library instrumented (-fsanitize=fuzzer-no-link,address,
# undefined), builds fuzz_template_parse, seeds it with real templates and runs it on one core.
# Fails on any crash, uncaught exception, leak, hang (-timeout) or sanitizer report; the input is
# left in build-fuzz/artifacts-FUZZER/ (copy it to tests/fuzz/regressions/).
# BUILD_DIR (default build-fuzz) may be set; FUZZER=fuzz_template_render fuzzes rendering instead
# (compile + render with letter-like data) with its own corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build_dir=${BUILD_DIR:-build-fuzz}
fuzzer=${FUZZER:-fuzz_template_parse}

sanitize="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVANBAN_FUZZ=ON -DVANBAN_BENCH=OFF \
  -DCMAKE_C_FLAGS="$sanitize" -DCMAKE_CXX_FLAGS="$sanitize" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build_dir" --target "$fuzzer" -j"$(( $(nproc) < 2 ? $(nproc) : 2 ))"

corpus="$build_dir/corpus-$fuzzer"  # grows across runs: what the fuzzer learnt is kept
seeds="$build_dir/fuzz-seeds"       # regenerated each run from the sources
artifacts="$build_dir/artifacts-$fuzzer/"
rm -rf "$seeds" && mkdir -p "$corpus" "$artifacts"
# A fuzzer with a seeds folder of its own (tests/fuzz/seeds-intake for fuzz_intake) uses it and no
# dictionary; the template fuzzers use the templates and jinja.dict.
own_seeds="tests/fuzz/seeds-${fuzzer#fuzz_}"
dict=(-dict=tests/fuzz/jinja.dict)
if [ -d "$own_seeds" ]; then
  mkdir -p "$seeds" && cp "$own_seeds"/* "$seeds"/
  dict=()
else
  /usr/bin/python3 tests/fuzz/make_corpus.py . "$seeds"
fi
log="$build_dir/$fuzzer.log"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
status=0
"$build_dir/tests/fuzz/$fuzzer" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
  "${dict[@]}" -artifact_prefix="$artifacts" "$corpus" "$seeds" 2>"$log" || status=$?
tail -n 25 "$log"
# Belt and braces: a report that did not stop the process still fails the run.
if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:" "$log"; then
  status=${status/#0/1}
fi
if [ "$status" -ne 0 ]; then
  echo "---- first report in $log ----"
  grep -m1 -A40 -E "ERROR: |runtime error:|deadly signal|Test unit written" "$log" || true
  echo "fuzz.sh: $fuzzer báo lỗi (mã $status), xem $log và $artifacts" >&2
  exit 1
fi
echo "fuzz.sh: $fuzzer không có lỗi sau ${seconds} giây ($(ls "$corpus" | wc -l) đầu vào trong $corpus)"
