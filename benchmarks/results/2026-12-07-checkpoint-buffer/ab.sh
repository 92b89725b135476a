#!/bin/bash
# alternates base (/tmp/base) and new (/work/main), N rounds each; prints warm rec/s
one() {
cd $1
d=/tmp/perf/ab; rm -rf $d; mkdir -p $d
java -Xmx2g -XX:SharedArchiveFile=cli/target/tidemark.jsa -cp "cli/target/tidemark-cli.jar:cli/target/lib/*" io.tidemark.cli.Tidemark run flights \
 --input /work/main/data/flights-3m.csv --batch-interval 100ms --rate 0 --max-batch-records 50000 \
 --checkpoint $d/checkpoint --state-dir $d/local --checkpoint-interval 1000ms --partitions 2 --dead-letter $d/dl --until-exhausted > $d/out.log 2>$d/err.log
grep -o "^batch [0-9]*: [0-9,]* records, processing [0-9]* ms" $d/out.log | awk -v n="$2" '{gsub(",","",$3); k++; if ($3>0) {r+=$3; t+=$6; if (k>10) {wr+=$3; wt+=$6}}} END {printf "%s all %.0f warm %.0f\n", n, r*1000/t, wr*1000/wt}'
}
for i in $(seq $1); do one /tmp/base base; one /work/main new; done
