#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS each (default 600), at the
# lowest priority, and appends one line per target to fuzz/logs/summary.tsv:
# target, seconds run, executions, corpus files, crash/timeout/oom inputs.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). The
# seed corpus is copied from the repository's transcripts at each run
# rather than committed: libFuzzer's corpus grows to thousands of files.
# Fork mode with -ignore_crashes keeps a target running after a crash, so
# every target gets its full time and every distinct crash is kept under
# fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
all=(webvtt srt otter-txt zoom-txt csv jsonl whisper-json aws-transcribe
    aws-call-analytics deepgram assemblyai gong rttm)
[ $# -gt 0 ] && targets=("$@") || targets=("${all[@]}")
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/.cache/fuzz-target}
# Same dependency versions as the main build.
[ -f Cargo.lock ] || cp ../Cargo.lock Cargo.lock
mkdir -p logs
nice -n 19 cargo +nightly fuzz build -s none --codegen-units 16 2>&1 | tail -3
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    cp ../fixtures/week/* ../tests/data/same-call/* ../tests/data/fuzz/* "corpus/$t/" 2>/dev/null || true
    log="logs/$t.log"
    start=$(date +%s)
    nice -n 19 cargo +nightly fuzz run -s none --codegen-units 16 "$t" -- \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$secs" -max_len=32768 -timeout=10 -rss_limit_mb=2048 \
        -dict=dict.txt -print_final_stats=1 >"$log" 2>&1 || true
    ran=$(( $(date +%s) - start ))
    # Fork mode reports "#EXECS: cov: ... corp: N ..." lines; take the last.
    execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    corpus=$(find "corpus/$t" -type f | wc -l)
    bad=$(find "artifacts/$t" -type f | wc -l)
    printf '%s\t%s\t%s\t%s\t%s\n' "$t" "$ran" "${execs:-?}" "$corpus" "$bad" | tee -a logs/summary.tsv
done
