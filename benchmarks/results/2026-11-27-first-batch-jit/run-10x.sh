#!/bin/bash
# One `tidemark run flights` at 10x Spark's rate (525,395 records per 1,000 ms batch, as the
# 2026-11-26T221107 benchmark's tenfold run), from the project root after `mvn package`; prints the
# batches' processing times. Usage: run-10x.sh [extra JVM flags...]
cd "$(dirname "$0")/../../.."
d=${SCRATCH:-/tmp/tidemark-10x}; rm -rf $d; mkdir -p $d
java -Xmx2g -XX:SharedArchiveFile=cli/target/tidemark.jsa "$@" -cp "cli/target/tidemark-cli.jar:cli/target/lib/*" io.tidemark.cli.Tidemark run flights \
 --input data/flights-3m.csv --batch-interval 1000ms --rate 0 --max-batch-records 525395 \
 --checkpoint $d/checkpoint --state-dir $d/local --checkpoint-interval 10000ms --partitions 2 --dead-letter $d/dead-letter --until-exhausted > $d/out.log 2> $d/err.log
echo "rc=$?"
grep -o "processing [0-9]* ms" $d/out.log
