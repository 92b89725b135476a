#!/bin/bash
# ab.sh PAIRS BASE NEW: one.sh on the BASE checkout, then on the NEW one, PAIRS times (both built;
# BASE with data/ linked or copied). Here: BASE a worktree of 84f85ba (git worktree add /tmp/base 84f85ba,
# then mvn -q -B -o -pl cli -am package -DskipTests in it, ln -s "$PWD/data" /tmp/base/data), NEW this checkout.
here=$(dirname "$0")
for i in $(seq "$1"); do "$here/one.sh" "$2" base; "$here/one.sh" "$3" new; done
