#!/usr/bin/env bash
# End-to-end benchmark of `callscore score` on a generated corpus, against
# floors measured in the same run over the same files: `cat` (reading the
# bytes) and `rg -c -F -f patterns.txt` (one multi-pattern scan for the
# playbook's pitch, next-step and question phrases). Also: 1 vs 2 threads,
# MB/s on WhisperX word-level JSON, peak memory (max RSS) on N and, opt-in,
# 4N calls, and the Python peer `call-ai-metrics` over the same calls' CSV.
#
#   bash benches/run.sh                      # the issue's 25,000 30-minute calls
#   CALLS=2000 JSON_CALLS=200 bash benches/run.sh   # a quick run
#   SCALE=1 bash benches/run.sh              # also the 4x corpus (memory scaling)
#
# Needs: cargo, hyperfine, rg (ripgrep), GNU time at /usr/bin/time, python3.
# On Debian/Ubuntu: apt-get install hyperfine ripgrep time; for the peer,
# pip install call-ai-metrics (skipped with a note when missing).
#
# Every figure is on a warm page cache (each corpus is read once first), so
# the floors measure CPU work, not the disk. Results go to $OUT: hyperfine
# JSON per comparison, GNU time output, machine.txt, and summary.md (printed
# at the end; paste it into BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."

CALLS=${CALLS:-25000}          # 30-minute Zoom WebVTT calls (and their CSV form)
JSON_CALLS=${JSON_CALLS:-1000} # WhisperX calls, ~0.9 MB each, for the MB/s figure
MINUTES=${MINUTES:-30}
SCALE=${SCALE:-0}              # 1: also time 4*CALLS calls (memory scaling; ~4x the disk);
                               # only: just that check, on one corpus (less disk)
PEER_CALLS=${PEER_CALLS:-2500} # calls given to the Python peer (~16 ms each); 0 skips it
RUNS=${RUNS:-3}                # hyperfine runs per command (after one warm-up)
PAIRS=${PAIRS:-5}              # alternating 1-thread/2-thread runs for the scaling figure; 0 skips
CORPUS=${CORPUS:-${TMPDIR:-/tmp}/callscore-corpus}   # reused when already there
CLEAN=${CLEAN:-0}              # 1: delete the corpora at the end
OUT=${OUT:-bench-results/$(date +%Y%m%d-%H%M%S)}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}

for tool in hyperfine rg python3; do
  command -v "$tool" >/dev/null || { echo "run.sh needs $tool (apt-get install hyperfine ripgrep python3)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "run.sh needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
mkdir -p "$OUT" "$CORPUS"
OUT=$(cd "$OUT" && pwd)

# --- build ---------------------------------------------------------------
if [ -z "${CALLSCORE:-}" ]; then
  cargo build --release --quiet --bin callscore --example gen_corpus
  CALLSCORE=$CARGO_TARGET_DIR/release/callscore
fi
GEN=${GEN:-$CARGO_TARGET_DIR/release/examples/gen_corpus}
# A private copy, so a rebuild during the run cannot change what is timed.
cp "$CALLSCORE" "$OUT/callscore"
CS=$OUT/callscore

# --- machine and versions --------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "cores: $(nproc)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "rustc: $(rustc --version 2>/dev/null || echo unknown)"
  echo "callscore: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (modified)')"
  echo "rg: $(rg --version | sed -n 1p)"
  echo "hyperfine: $(hyperfine --version)"
  echo "python: $(python3 --version 2>&1)"
  echo "call-ai-metrics: $(python3 -c 'import call_ai_metrics as m; print(m.__version__)' 2>/dev/null || echo 'not installed')"
} | tee "$OUT/machine.txt"

# --- corpora ---------------------------------------------------------------
# gen DIR CALLS FORMATS: write a corpus once; a `.done` file marks it complete.
gen() {
  local dir=$1 n=$2 formats=$3
  if [ -f "$dir/.done" ]; then echo "reusing $dir"; return; fi
  rm -rf "$dir"
  # A fixed 1,000 reps (fewer for small corpora) keeps call i the same call
  # in every corpus size.
  local reps=$(( n < 25000 ? (n + 24) / 25 : 1000 ))
  "$GEN" --calls "$n" --minutes "$MINUTES" --reps "$reps" --format "$formats" --out "$dir" | tee "$dir.gen.txt"
  touch "$dir/.done"
}
VTT=$CORPUS/vtt-$CALLS-$MINUTES
JSON=$CORPUS/whisperx-$JSON_CALLS-$MINUTES
VTT4=$CORPUS/vtt-$((4 * CALLS))-$MINUTES
if [ "$SCALE" != only ]; then
  gen "$VTT" "$CALLS" vtt-zoom,csv
  gen "$JSON" "$JSON_CALLS" whisperx
fi
if [ "$SCALE" != 0 ]; then
  gen "$VTT4" $((4 * CALLS)) vtt-zoom
fi

# subset SRC DIR FORMAT N: the first N calls of corpus SRC, as hard links.
subset() {
  local src=$1 dir=$2 fmt=$3 n=$4
  if [ -f "$dir/.done" ]; then return; fi
  rm -rf "$dir" && mkdir -p "$dir/$fmt"
  cp "$src/roster.csv" "$src/patterns.txt" "$dir/"
  head -n $((n + 1)) "$src/$fmt/manifest.csv" > "$dir/$fmt/manifest.csv"
  tail -n +2 "$dir/$fmt/manifest.csv" | cut -d, -f1 | while read -r f; do
    mkdir -p "$dir/$fmt/$(dirname "$f")" && ln "$src/$fmt/$f" "$dir/$fmt/$f"
  done
  touch "$dir/.done"
}

bytes() { find "$1" -type f -name "*.$2" -printf '%s\n' | awk '{s+=$1} END {printf "%.0f\n", s}'; }
warm() { find "$1" -type f -print0 | xargs -0 cat > /dev/null; }

# --- timings ---------------------------------------------------------------
hf() { # hf NAME CMD... : hyperfine, JSON to $OUT/NAME.json
  local name=$1; shift
  hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/$name.json" "$@"
}
score() { # score DIR THREADS
  echo "$CS score $1/$3 --roster $1/roster.csv --manifest $1/$3/manifest.csv --threads $2 --quiet --out $OUT/score-out"
}
# pairs NAME DIR FORMAT: two threads against one, $PAIRS times, alternating
# which goes first; one line "1-thread-s 2-thread-s" per pair in NAME.pairs.txt.
# A shared host's speed drifts between hyperfine's blocks of runs of one
# command; within a pair it mostly does not, so the median of the per-pair
# ratios is the steadier scaling figure.
pairs() {
  local name=$1 dir=$2 fmt=$3 i t1 t2
  : > "$OUT/$name.pairs.txt"
  for i in $(seq "$PAIRS"); do
    if [ $((i % 2)) = 1 ]; then
      /usr/bin/time -f %e -o "$OUT/t1" $(score "$dir" 1 "$fmt")
      /usr/bin/time -f %e -o "$OUT/t2" $(score "$dir" 2 "$fmt")
    else
      /usr/bin/time -f %e -o "$OUT/t2" $(score "$dir" 2 "$fmt")
      /usr/bin/time -f %e -o "$OUT/t1" $(score "$dir" 1 "$fmt")
    fi
    t1=$(tail -n 1 "$OUT/t1") t2=$(tail -n 1 "$OUT/t2")
    echo "$t1 $t2" | tee -a "$OUT/$name.pairs.txt"
  done
  rm -f "$OUT/t1" "$OUT/t2"
}

if [ "$SCALE" = only ]; then
  # The first CALLS calls of the 4x corpus are the N-call corpus (1,000 reps
  # either way), so one corpus on disk serves both sizes.
  subset "$VTT4" "$VTT" vtt-zoom "$CALLS"
  for dir in "$VTT" "$VTT4"; do
    n=$(( $(wc -l < "$dir/vtt-zoom/manifest.csv") - 1 ))
    echo "== WebVTT: $n calls (memory scaling)"
    warm "$dir/vtt-zoom"
    hyperfine --style basic --runs 1 --export-json "$OUT/scale-$n.json" \
      -n rg "rg -c -F -f $dir/patterns.txt -g '*.vtt' $dir/vtt-zoom > /dev/null" \
      -n "score --threads 2" "$(score "$dir" 2 vtt-zoom)"
    /usr/bin/time -v $(score "$dir" 2 vtt-zoom) 2> "$OUT/scale-$n.time.txt"
    grep -E "Maximum resident|Elapsed" "$OUT/scale-$n.time.txt"
  done
  if [ "$CLEAN" = 1 ]; then rm -rf "$CORPUS"; fi
  echo "results in $OUT"
  exit 0
fi

echo "== WebVTT: $CALLS calls"
warm "$VTT/vtt-zoom"
hf vtt \
  -n cat "find $VTT/vtt-zoom -name '*.vtt' -print0 | xargs -0 cat > /dev/null" \
  -n rg "rg -c -F -f $VTT/patterns.txt -g '*.vtt' $VTT/vtt-zoom > /dev/null" \
  -n "score --threads 2" "$(score "$VTT" 2 vtt-zoom)" \
  -n "score --threads 1" "$(score "$VTT" 1 vtt-zoom)"
/usr/bin/time -v $(score "$VTT" 2 vtt-zoom) 2> "$OUT/vtt.time.txt"
echo "-- 1 and 2 threads, $PAIRS pairs (seconds)"
pairs vtt "$VTT" vtt-zoom

echo "== WhisperX JSON: $JSON_CALLS calls"
warm "$JSON/whisperx"
hf json \
  -n cat "find $JSON/whisperx -name '*.json' -print0 | xargs -0 cat > /dev/null" \
  -n rg "rg -c -F -f $JSON/patterns.txt -g '*.json' $JSON/whisperx > /dev/null" \
  -n "score --threads 2" "$(score "$JSON" 2 whisperx)" \
  -n "score --threads 1" "$(score "$JSON" 1 whisperx)"
/usr/bin/time -v $(score "$JSON" 2 whisperx) 2> "$OUT/json.time.txt"
echo "-- 1 and 2 threads, $PAIRS pairs (seconds)"
pairs json "$JSON" whisperx

if [ "$SCALE" = 1 ]; then
  echo "== WebVTT: $((4 * CALLS)) calls (memory scaling)"
  warm "$VTT4/vtt-zoom"
  hyperfine --style basic --runs 1 --export-json "$OUT/vtt4.json" \
    -n rg "rg -c -F -f $VTT4/patterns.txt -g '*.vtt' $VTT4/vtt-zoom > /dev/null" \
    -n "score --threads 2" "$(score "$VTT4" 2 vtt-zoom)"
  /usr/bin/time -v $(score "$VTT4" 2 vtt-zoom) 2> "$OUT/vtt4.time.txt"
fi

PEER=0
if [ "$PEER_CALLS" -gt 0 ] && python3 -c 'import call_ai_metrics' 2>/dev/null; then
  PEER=1
  echo "== call-ai-metrics vs callscore: the first $PEER_CALLS calls, CSV form"
  SUB=$CORPUS/peer-$PEER_CALLS-of-$CALLS-$MINUTES
  subset "$VTT" "$SUB" csv "$PEER_CALLS"
  find "$SUB/csv" -name '*.csv' ! -name manifest.csv | sort > "$OUT/peer-files.txt"
  cat > "$OUT/peer.py" <<'EOF'
# The peer in one process (no start-up per file): talk share, turns, longest
# monologue, interruptions and pace of each call, from start,end,speaker,text.
import sys
from call_ai_metrics import analyze
for path in open(sys.argv[1]).read().split():
    analyze(path)
EOF
  warm "$SUB/csv"
  hf peer \
    -n "call-ai-metrics (python, 1 process)" "python3 $OUT/peer.py $OUT/peer-files.txt" \
    -n "score --threads 1" "$(score "$SUB" 1 csv)" \
    -n "score --threads 2" "$(score "$SUB" 2 csv)"
fi

# --- report ----------------------------------------------------------------
python3 - "$OUT" "$CALLS" "$JSON_CALLS" "$SCALE" "$PEER" "$PEER_CALLS" \
  "$(bytes "$VTT/vtt-zoom" vtt)" "$(bytes "$JSON/whisperx" json)" \
  "$( [ "$SCALE" = 1 ] && bytes "$VTT4/vtt-zoom" vtt || echo 0)" <<'EOF' | tee "$OUT/summary.md"
import json, re, sys
out, calls, jcalls, scale, peer, pcalls, vb, jb, v4b = sys.argv[1:]
calls, jcalls, pcalls, vb, jb, v4b = int(calls), int(jcalls), int(pcalls), int(vb), int(jb), int(v4b)

def load(name):
    return {r["command"]: r for r in json.load(open(f"{out}/{name}.json"))["results"]}

def rss(name):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{out}/{name}.time.txt").read())
    return int(m.group(1)) / 1024

def table(title, name, n, b, base="rg"):
    r = load(name)
    print(f"\n### {title}: {n:,} calls, {b / 1e6:,.0f} MB\n")
    # user+sys: CPU time, which a busy machine inflates far less than wall time.
    print(f"| command | mean s | ± s | min s | user+sys s | ×{base} | calls/s | MB/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for cmd, x in r.items():
        print(f"| `{cmd}` | {x['mean']:.2f} | {x['stddev'] or 0:.2f} | {x['min']:.2f} | "
              f"{x['user'] + x['system']:.2f} | {x['mean'] / r[base]['mean']:.2f} | "
              f"{n / x['mean']:,.0f} | {b / 1e6 / x['mean']:,.0f} |")
    return r

v = table("Zoom WebVTT", "vtt", calls, vb)
j = table("WhisperX JSON (word timings)", "json", jcalls, jb)
print("\n### Targets\n")
print("| target | measured | met |\n|---|---|---|")
ratio = v["score --threads 2"]["mean"] / v["rg"]["mean"]
print(f"| score within 3x of rg on {calls:,} WebVTT calls | {ratio:.2f}x | {'yes' if ratio <= 3 else 'no'} |")
mbs = jb / 1e6 / j["score --threads 2"]["mean"]
print(f"| >= 200 MB/s of WhisperX JSON | {mbs:.0f} MB/s | {'yes' if mbs >= 200 else 'no'} |")
def paired(name):
    # Median of the per-pair ratios, and their range; None without pairs.
    try:
        rows = [l.split() for l in open(f"{out}/{name}.pairs.txt") if l.strip()]
    except FileNotFoundError:
        return None
    ratios = sorted(float(a) / float(b) for a, b in rows)
    if not ratios:
        return None
    k = len(ratios)
    med = ratios[k // 2] if k % 2 else (ratios[k // 2 - 1] + ratios[k // 2]) / 2
    return med, ratios[0], ratios[-1], k
for name, r, key in (("WebVTT", v, "vtt"), ("WhisperX", j, "json")):
    sp = r["score --threads 1"]["mean"] / r["score --threads 2"]["mean"]
    pr = paired(key)
    if pr is None:
        print(f"| 2 threads >= 1.8x faster than 1 ({name}) | {sp:.2f}x (means) | {'yes' if sp >= 1.8 else 'no'} |")
    else:
        med, lo, hi, k = pr
        print(f"| 2 threads >= 1.8x faster than 1 ({name}) | {med:.2f}x, median of {k} alternating pairs "
              f"({lo:.2f}-{hi:.2f}x); {sp:.2f}x from the means above | {'yes' if med >= 1.8 else 'no'} |")
m1 = rss("vtt")
print(f"| peak memory < 300 MB on {calls:,} calls | {m1:.0f} MB | {'yes' if m1 < 300 else 'no'} |")
if scale == "1":
    m4 = rss("vtt4")
    print(f"| peak memory on {4 * calls:,} calls <= 1.5x that | {m4:.0f} MB ({m4 / m1:.2f}x) | {'yes' if m4 <= 1.5 * m1 else 'no'} |")
    r4 = load("vtt4")
    print(f"\n{4 * calls:,} calls ({v4b / 1e6:,.0f} MB): score {r4['score --threads 2']['mean']:.1f} s, "
          f"rg {r4['rg']['mean']:.1f} s ({r4['score --threads 2']['mean'] / r4['rg']['mean']:.2f}x)")
print(f"\npeak memory (max RSS): WebVTT {m1:.0f} MB, WhisperX {rss('json'):.0f} MB")
if peer == "1":
    p = load("peer")
    py = p["call-ai-metrics (python, 1 process)"]["mean"]
    print(f"\n### call-ai-metrics (Python) on the same {pcalls:,} calls, CSV form\n")
    print("| command | mean s | user+sys s | calls/s | × callscore 1 thread (CPU) |\n|---|---:|---:|---:|---:|")
    cpu = lambda x: x["user"] + x["system"]
    one = cpu(p["score --threads 1"])
    for cmd, x in p.items():
        print(f"| `{cmd}` | {x['mean']:.2f} | {cpu(x):.2f} | {pcalls / x['mean']:,.0f} | {cpu(x) / one:.1f} |")
    py_cpu = cpu(p["call-ai-metrics (python, 1 process)"])
    print(f"\nThe peer in one process used {py_cpu / one:.1f}x the CPU time of callscore on one thread "
          f"({py / p['score --threads 1']['mean']:.1f}x the wall time), and callscore also computes "
          f"the text detections the peer does not.")
EOF
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"

if [ "$CLEAN" = 1 ]; then rm -rf "$CORPUS"; fi
echo "results in $OUT"
