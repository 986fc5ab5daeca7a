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
# before it counts (the score is read from a whole run). With WARM=1 in the environment the
# tests run first with no mutant in the same process (kills_warm.py), as mutmut runs them, so
# that what is cached is built by the original code and a kill seen is one mutmut sees.
set -euo pipefail
name=$1
tests=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=/tmp/mutation-$name
[ -d "$work/mutants/src" ] || { echo "no mutants in $work: run run_files.sh first" >&2; exit 2; }
cd "$repo"
runner=(-m pytest)
[ "${WARM:-0}" = 1 ] && runner=("$here/kills_warm.py")
for mutant in "$@"; do
    log=$(mktemp)
    rc=0
    PYTHONPATH="$work/mutants/src:$repo/tests" MUTANT_UNDER_TEST="$mutant" \
        HYPOTHESIS_PROFILE=ci python "${runner[@]}" -x -q -rfE -p no:cacheprovider -o addopts= $tests \
        > "$log" 2>&1 || rc=$?
    if [ "$rc" -eq 0 ]; then
        echo "SURVIVED $mutant"
    elif [ "$rc" -eq 99 ]; then
        echo "BROKEN   $mutant (the tests fail with no mutant: fix them first)"
    else
        echo "killed   $mutant ($(grep -m1 -E '^(FAILED|ERROR)' "$log" | cut -d' ' -f2))"
    fi
    rm -f "$log"
done
