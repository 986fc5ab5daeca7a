#!/usr/bin/env bash
# Whether tests kill named mutants, without a new mutmut run (which forgets the other results).
#
#   tests/mutation/kills.sh NAME "TESTS" MUTANT...
#
# NAME is the scratch copy a run made (/tmp/mutation-NAME, by run_files.sh or
# run_reliability.sh); TESTS are test files of this work tree. Each MUTANT is switched on in
# turn (MUTANT_UNDER_TEST) with the copy's mutated sources first on the path, and the tests are
# run once: "killed" names the first test that failed, "SURVIVED" means every test passed.
# Unlike a mutmut run, the process does not first run the tests unmutated, so values cached
# on first use are computed by the mutant here: a kill seen here must be seen by mutmut too
# before it counts (the score is read from a whole run).
set -euo pipefail
name=$1
tests=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=/tmp/mutation-$name
[ -d "$work/mutants/src" ] || { echo "no mutants in $work: run run_files.sh first" >&2; exit 2; }
cd "$repo"
for mutant in "$@"; do
    log=$(mktemp)
    if PYTHONPATH="$work/mutants/src:$repo/tests" MUTANT_UNDER_TEST="$mutant" \
        HYPOTHESIS_PROFILE=ci python -m pytest -x -q -rfE -p no:cacheprovider -o addopts= $tests \
        > "$log" 2>&1; then
        echo "SURVIVED $mutant"
    else
        echo "killed   $mutant ($(grep -m1 -E '^(FAILED|ERROR)' "$log" | cut -d' ' -f2))"
    fi
    rm -f "$log"
done
