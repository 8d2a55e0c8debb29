#!/usr/bin/env bash
# Benchmarks/quotes.sh — how long quotation checking (SPEC §4) takes on a large synthetic site.
#
#     Benchmarks/quotes.sh                      # 10,000 briefings quoting 1,000 articles
#     Benchmarks/quotes.sh 2000 200             # BRIEFINGS ARTICLES [ENTITIES [TERMS]]
#     Benchmarks/quotes.sh --briefings 2000 --articles 200 --entities 500 --terms 100
#     Benchmarks/quotes.sh --corpus /tmp/big    # where the corpus goes (default: $TMPDIR)
#     Benchmarks/quotes.sh --regenerate         # write the corpus again even if it is there
#     BRIEFGEN_SCRATCH=.build-bench Benchmarks/quotes.sh   # build in that scratch folder
#
# It generates a corpus with Benchmarks/generate_corpus.py (every generated briefing quotes one
# generated article: a block quote of a whole paragraph and an inline quotation of seven words),
# builds briefgen in release mode (`swift build -c release --product briefgen`), runs
#
#     briefgen check --verbose --root CORPUS --templates Templates
#
# and prints:
#   quotes (CPU)  CPU time spent checking quotations, summed over all workers (thread CPU time);
#   sources       wall time to split the articles into paragraphs and build the source index;
#   wall          the whole `briefgen check` run (loading, annotating, rendering; nothing is written).
# The full `--verbose` stage list follows. The corpus is kept (generation is deterministic and slow
# at this size), so a second run with the same numbers skips straight to the timing.
set -euo pipefail

briefings=10000
articles=1000
entities=1000
terms=200
corpus=""
regenerate=0
positional=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --briefings) briefings="$2"; shift 2 ;;
        --articles) articles="$2"; shift 2 ;;
        --entities) entities="$2"; shift 2 ;;
        --terms) terms="$2"; shift 2 ;;
        --corpus) corpus="$2"; shift 2 ;;
        --regenerate) regenerate=1; shift ;;
        -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "quotes.sh: unknown option $1 (try --help)" >&2; exit 64 ;;
        *) positional+=("$1"); shift ;;
    esac
done
[[ ${#positional[@]} -ge 1 ]] && briefings="${positional[0]}"
[[ ${#positional[@]} -ge 2 ]] && articles="${positional[1]}"
[[ ${#positional[@]} -ge 3 ]] && entities="${positional[2]}"
[[ ${#positional[@]} -ge 4 ]] && terms="${positional[3]}"
for number in "$briefings" "$articles" "$entities" "$terms"; do
    [[ "$number" =~ ^[0-9]+$ ]] || { echo "quotes.sh: '$number' is not a number" >&2; exit 64; }
done
[[ "$articles" -gt 0 ]] || { echo "quotes.sh: every briefing quotes an article: --articles must be at least 1" >&2; exit 64; }

package="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$package"
corpus="${corpus:-${TMPDIR:-/tmp}/briefgen-quotes-${briefings}b-${articles}a-${entities}e-${terms}t}"
parameters="briefings=$briefings articles=$articles entities=$entities terms=$terms"

now() { date +%s.%N; }
since() { awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.2f", end - start }'; }

# 1. The corpus.
if [[ $regenerate -eq 1 || ! -f "$corpus/.parameters" || "$(cat "$corpus/.parameters")" != "$parameters" ]]; then
    echo "Generating $parameters into $corpus …"
    rm -rf "$corpus"
    start=$(now)
    python3 Benchmarks/generate_corpus.py "$corpus" --briefings "$briefings" --articles "$articles" \
        --entities "$entities" --terms "$terms"
    echo "$parameters" > "$corpus/.parameters"
    echo "  generated in $(since "$start") s"
else
    echo "Using the corpus already in $corpus ($parameters)"
fi

# 2. briefgen, release build.
scratch=()
[[ -n "${BRIEFGEN_SCRATCH:-}" ]] && scratch=(--scratch-path "$BRIEFGEN_SCRATCH")
echo "Building briefgen (release) …"
start=$(now)
swift build -c release --product briefgen "${scratch[@]}" >&2
binary="$(swift build -c release --product briefgen "${scratch[@]}" --show-bin-path)/briefgen"
echo "  built in $(since "$start") s: $binary"

# 3. The check, timed.
echo "Running briefgen check --verbose --root $corpus --templates Templates …"
log="$(mktemp -d)"
trap 'rm -rf "$log"' EXIT
start=$(now)
status=0
"$binary" check --verbose --root "$corpus" --templates Templates >"$log/stdout" 2>"$log/stderr" || status=$?
wall=$(since "$start")

diagnostics=$(grep -c -E '^[^ ].*:[0-9]+:[0-9]+: (error|warning): ' "$log/stderr" || true)
quotations=$(grep -c 'quotation not found' "$log/stderr" || true)
echo
echo "Quotation checking, $briefings briefings × $articles articles ($entities entities, $terms terms):"
grep -E '^ *quotes \(CPU\):' "$log/stdout" || echo "  quotes (CPU): (not reported)"
grep -E '^ *sources:' "$log/stdout" || echo "  sources: (not reported)"
echo "  wall (briefgen check): $wall s"
echo "  exit status $status; $diagnostics diagnostics, $quotations of them about quotations"
echo
echo "All stages (--verbose):"
grep -E '^ +[^ ].*: [0-9.]+ s$' "$log/stdout" || true
if [[ $status -ne 0 ]]; then
    echo
    echo "briefgen check failed; the first lines of its standard error:" >&2
    head -20 "$log/stderr" >&2
    exit "$status"
fi
