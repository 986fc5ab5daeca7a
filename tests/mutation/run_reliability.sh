#!/usr/bin/env bash
# The mutation scores of issue 17 ("Reliability"): money, units, periods, dataset, the file
# format and reconciliation, each on its own seeded sample of its mutants (docs/testing.md).
#
#   tests/mutation/run_reliability.sh [SAMPLE=40] [SEED=2026] [GROUP...]   (all six groups by default)
#
# Each group is run by run_files.sh with SAMPLE_BY=all (one sample drawn from the group's files
# together) against the tests that cover it, in /tmp/mutation-GROUP, under `nice -n 10`; the
# score of each is printed and kept in /tmp/mutation-score-GROUP.txt.
set -euo pipefail
sample=40
seed=2026
# SAMPLE and SEED are numbers; whatever follows them (or comes first) names groups.
if [[ ${1:-} =~ ^[0-9]+$ ]]; then sample=$1; shift; fi
if [[ ${1:-} =~ ^[0-9]+$ ]]; then seed=$1; shift; fi
here=$(cd "$(dirname "$0")" && pwd)
src=src/industrial_policy
declare -A files tests
files[money]="$src/money.py"
tests[money]="tests/test_money.py tests/test_grammar.py tests/test_targets_amount_reading.py tests/test_services_fees.py tests/test_money_mutation_kills.py"
files[units]="$src/units.py"
tests[units]="tests/test_units.py tests/test_grammar.py tests/test_zones.py tests/test_table_cells.py tests/test_units_mutation_kills.py"
files[periods]="$src/periods.py"
tests[periods]="tests/test_periods.py tests/test_grammar.py tests/test_services_dossiers.py tests/test_periods_mutation_kills.py"
files[dataset]="$src/dataset/container.py $src/dataset/integrity.py"
tests[dataset]="tests/test_dataset.py tests/test_services_dataset.py tests/test_targets_integrity_problems.py tests/test_stateful_dataset.py tests/test_errors.py tests/test_dataset_mutation_kills.py"
files[fileformat]="$src/io/files.py $src/io/converter.py $src/io/record_lists.py $src/io/record_text.py $src/io/toml_writer.py $src/io/schema.py"
tests[fileformat]="tests/test_fileformat.py tests/test_fileformat_columns.py tests/test_float_noise.py tests/test_choices.py tests/test_names.py tests/test_fileformat_mutation_kills.py"
files[reconciliation]="$src/reconciliation.py"
tests[reconciliation]="tests/test_reconcile.py tests/test_published_figures.py tests/test_display.py tests/test_reconciliation_mutation_kills.py"
groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(money units periods dataset fileformat reconciliation)
repo=$(cd "$here/../.." && pwd)
for group in "${groups[@]}"; do
    if [ -z "${files[$group]+known}" ]; then
        echo "unknown group '$group': the groups are money units periods dataset fileformat reconciliation" >&2
        exit 2
    fi
    present=""
    for t in ${tests[$group]}; do [ -e "$repo/$t" ] && present="$present $t"; done
    echo "== $group"
    SAMPLE_BY=all nice -n 10 "$here/run_files.sh" "$group" "${files[$group]}" "$present" "$sample" "$seed" \
        | tee /tmp/mutation-score-$group.txt
done
