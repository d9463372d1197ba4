#!/bin/sh
# run-fuzz.sh FUZZER CORPUS WORKDIR DICT SECONDS: a short libFuzzer run for CI (suite 'fuzz').
# New inputs go to WORKDIR/new, never into the source corpus; a crash input is written to
# WORKDIR/artifacts/ — copy it into tests/fuzz/corpus/ so fuzz-csv-replay keeps checking it.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
fuzzer=$1 corpus=$2 work=$3 dict=$4 seconds=$5
mkdir -p "$work/new" "$work/artifacts"
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -dict="$dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/new" "$corpus"
