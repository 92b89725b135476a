#!/bin/bash
for i in $(seq $1); do /tmp/perf/one.sh /tmp/base base; /tmp/perf/one.sh /work/main new; done
