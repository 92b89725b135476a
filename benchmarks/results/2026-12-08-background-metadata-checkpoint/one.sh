#!/bin/bash
# one.sh ROOT LABEL: Tidemark alone on the side-by-side benchmark's shape (50,000 flights per 1 s batch,
# data checkpoint every 10 batches, 2 partitions, -Xmx2g) over ROOT's data/flights-3m.csv, run by ROOT's
# build; prints records/s over all batches and over batches 11+ (as E2eRun computes them) and the first
# four batches' ms. The run's stdout/stderr stay in $TMPDIR/tidemark-one (the TIMING lines of
# phase-timing.patch are in err.log).
root=$(cd "$1" && pwd)
d=${TMPDIR:-/tmp}/tidemark-one; rm -rf $d; mkdir -p $d
cd "$root"
java -Xmx2g -XX:SharedArchiveFile=cli/target/tidemark.jsa $EXTRA -cp "cli/target/tidemark-cli.jar:cli/target/lib/*" io.tidemark.cli.Tidemark run flights \
 --input "$root/data/flights-3m.csv" --batch-interval 1000ms --rate 0 --max-batch-records ${N:-50000} \
 --checkpoint $d/checkpoint --state-dir $d/local --checkpoint-interval 10000ms --partitions 2 --dead-letter $d/dl --until-exhausted > $d/out.log 2>$d/err.log
grep -o "^batch [0-9]*: [0-9,]* records, processing [0-9]* ms" $d/out.log | awk -v n="$2" '{gsub(",","",$3); if ($3>0) {k++; r+=$3; t+=$6; if (k<=4) f=f" "$6; if (k>10) {wr+=$3; wt+=$6}}} END {printf "%s all %.0f warm %.0f first4%s\n", n, r*1000/t, wr*1000/wt, f}'
