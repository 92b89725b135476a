#!/bin/bash
# tenx.sh ROOT LABEL: the 10x-rate run (1,122,923 records per 1 s batch) on 10 copies of flights-3m, prints batch ms
cd $1
d=/tmp/perf/tenx; rm -rf $d; mkdir -p $d
java -Xmx2g -XX:SharedArchiveFile=cli/target/tidemark.jsa -cp "cli/target/tidemark-cli.jar:cli/target/lib/*" io.tidemark.cli.Tidemark run flights \
 --input /tmp/flights-30m.csv --batch-interval 1000ms --rate 0 --max-batch-records 1122923 \
 --checkpoint $d/checkpoint --state-dir $d/local --checkpoint-interval 10000ms --partitions 2 --dead-letter $d/dl --until-exhausted > $d/out.log 2> $d/err.log
echo "$2 $(grep -o "processing [0-9]* ms" $d/out.log | awk '{print $2}' | head -27 | tr '\n' ' ')"
