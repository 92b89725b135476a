#!/usr/bin/env bash
# Writes TARGET/tidemark.jsa, a class-data-sharing archive (AppCDS, JDK 17) of the classes the
# tidemark command loads, so that bin/tidemark starts and restarts a job faster: the JVM maps
# the classes, already parsed and verified, instead of loading them from the jars.
#
# Usage: make-archive.sh TARGET   (TARGET = cli/target, holding tidemark-cli.jar and lib/)
#
# The class list comes from three short runs of the flights job, in TARGET/cds: a fresh run on
# a generated CSV with a checkpoint directory, a restart from that directory (the recovery
# path), and the bundled JSON sample. The archive only works with the same JDK and the same
# class path (same jar paths): bin/tidemark passes it when it exists, and a JVM that cannot use
# it runs without it. Run by `mvn package` in the cli module (exec-maven-plugin).
set -euo pipefail

target="$(cd "$1" && pwd)"
cp="$target/tidemark-cli.jar:$target/lib/*"
work="$target/cds"
rm -rf "$work" "$target/tidemark.jsa"
mkdir -p "$work"

# 3,000 CSV flights between 12 airports, epoch-millisecond dates, three lines malformed.
awk 'BEGIN {
  split("ATL ORD DFW DEN LAX SFO SEA BOS JFK MIA PHX IAH", a, " ");
  for (i = 0; i < 3000; i++) {
    if (i % 1000 == 7) { print "not,a,flight"; continue }
    printf "%d,%d,%d,%s,%s\n", 978307200000 + i * 60000, (i * 37) % 120 - 20, 100 + (i * 13) % 2400,
      a[i % 12 + 1], a[(i * 7) % 12 + 1]
  }
}' > "$work/flights.csv"

run() {
  local list="$1"
  shift
  java -Xshare:off -XX:DumpLoadedClassList="$work/$list" -cp "$cp" io.tidemark.cli.Tidemark "$@" \
    > "$work/$list.out" 2>&1
}
job=(run flights --batch-interval 100ms --rate 0 --partitions 2 --dead-letter "$work/dead-letter" --until-exhausted)
csv=(--input "$work/flights.csv" --max-batch-records 500 --checkpoint "$work/checkpoint" --state-dir "$work/state"
  --checkpoint-interval 200ms)
run fresh.lst "${job[@]}" "${csv[@]}"
run restart.lst "${job[@]}" "${csv[@]}"
run sample.lst "${job[@]}" --max-batch-records 5000

# One list, each class once, in first-loaded order (a class after its supertypes).
cat "$work/fresh.lst" "$work/restart.lst" "$work/sample.lst" | grep -v '^#' | awk '!seen[$0]++' \
  > "$work/classes.lst"
java -Xshare:dump -XX:SharedClassListFile="$work/classes.lst" -XX:SharedArchiveFile="$target/tidemark.jsa" \
  -cp "$cp" > "$work/dump.out" 2>&1
echo "make-archive.sh: wrote $target/tidemark.jsa ($(grep -c . "$work/classes.lst") classes listed)"
