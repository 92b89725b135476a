#!/bin/bash
# restart.sh [ROOT]: the side-by-side benchmark's kill -9 run and restart, Tidemark only: a run of the
# benchmark's shape is killed with SIGKILL after 15 batches with input, then, GAP seconds later (default 0),
# started again on the same directories; prints process start -> first batch line of the restart, the
# restart's first batch lines and its log with times. ROOT: a built checkout (default: this one).
# GAP=0 is how SideBySideBenchmark restarted before 2026-12-08; GAP=1 is --restart-delay-ms 1000.
R=${1:-$(cd "$(dirname "$0")/../../.." && pwd)}; d=${TMPDIR:-/tmp}/tidemark-restart-phase; rm -rf $d; mkdir -p $d
cmd=(java -Xmx2g -Dorg.slf4j.simpleLogger.showDateTime=true "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS" -XX:SharedArchiveFile=$R/cli/target/tidemark.jsa $EXTRA -cp "$R/cli/target/tidemark-cli.jar:$R/cli/target/lib/*" io.tidemark.cli.Tidemark run flights
 --input $R/data/flights-3m.csv --batch-interval 1000ms --rate 0 --max-batch-records 50000
 --checkpoint $d/checkpoint --state-dir $d/local --checkpoint-interval 10000ms --partitions 2 --dead-letter $d/dl)
"${cmd[@]}" > $d/out1.log 2>$d/err1.log &
pid=$!
while [ "$(grep -c '^batch [0-9]*: [1-9]' $d/out1.log)" -lt 15 ]; do sleep 0.05; done
kill -9 $pid; wait $pid 2>/dev/null
sleep ${GAP:-0}
t0=$(date +%s%N)
"${cmd[@]}" > $d/out2.log 2>$d/err2.log &
pid=$!
while ! grep -q '^batch ' $d/out2.log; do sleep 0.005; done
t1=$(date +%s%N)
kill $pid; wait $pid 2>/dev/null
echo "start $(date -d @$((t0/1000000000)) +%H:%M:%S).$(( (t0/1000000)%1000 )) restart $(( (t1-t0)/1000000 )) ms"
head -3 $d/out2.log; cat $d/err2.log | head -40
