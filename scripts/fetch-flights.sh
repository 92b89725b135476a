#!/usr/bin/env bash
# Fetches the US flights data of vega-datasets@3.2.1 (BSD-3-Clause; records from the U.S.
# Bureau of Transportation Statistics) for Tidemark's flights job and benchmarks:
#   flights-3m.parquet   3,000,000 rows, 13 MB
#   flights-20k.json     20,000 rows (the sample bundled in the cli jar)
#
# Usage: scripts/fetch-flights.sh [DEST_DIR]      (default: data/ at the repository root)
#
# The package comes from the npm registry configured for `npm` (`npm pack`), into a temporary
# directory. Each file is checked against the hash pinned here, which is the one the package's
# datapackage.json lists: a git blob SHA-1, i.e. sha1("blob <size>\0" + content) as
# `git hash-object` computes, not the plain sha1sum of the file. A file already present with the
# right hash is not fetched again. Needs bash, npm, tar, sha1sum.
set -euo pipefail

readonly PACKAGE="vega-datasets@3.2.1"
readonly FILES=(flights-3m.parquet flights-20k.json)
declare -A EXPECTED=(
  [flights-3m.parquet]=9c4e0b480a1a60954a7e5c6bcc43e1c91a73caaa
  [flights-20k.json]=20c920b46db4f664bed3e1420b8348527cd7c41e
)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$root/data}"

# git blob SHA-1 of a file (the form of datapackage.json's "sha1:" hashes)
blob_sha1() {
  local size
  size=$(wc -c <"$1" | tr -d '[:space:]')
  { printf 'blob %s\0' "$size"; cat "$1"; } | sha1sum | cut -d' ' -f1
}

valid() {
  [[ -f "$1" ]] && [[ "$(blob_sha1 "$1")" == "$2" ]]
}

missing=()
for f in "${FILES[@]}"; do
  if valid "$dest/$f" "${EXPECTED[$f]}"; then
    echo "ok (already present): $dest/$f"
  else
    missing+=("$f")
  fi
done

if ((${#missing[@]} > 0)); then
  command -v npm >/dev/null || { echo "fetch-flights: npm is needed to download $PACKAGE" >&2; exit 1; }
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/tidemark-flights.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  echo "fetching $PACKAGE with npm pack ..."
  tarball="$(cd "$tmp" && npm pack --silent "$PACKAGE" | tail -n 1)"
  [[ -f "$tmp/$tarball" ]] || { echo "fetch-flights: npm pack gave no tarball" >&2; exit 1; }
  members=(package/datapackage.json)
  for f in "${missing[@]}"; do members+=("package/data/$f"); done
  tar -xzf "$tmp/$tarball" -C "$tmp" "${members[@]}"
  mkdir -p "$dest"
  for f in "${missing[@]}"; do
    src="$tmp/package/data/$f"
    want="${EXPECTED[$f]}"
    # the pinned hash must be the package's own (datapackage.json) and the file must match it
    if ! grep -q "\"sha1:$want\"" "$tmp/package/datapackage.json"; then
      echo "fetch-flights: datapackage.json of $PACKAGE does not list sha1:$want for $f" >&2
      exit 1
    fi
    got="$(blob_sha1 "$src")"
    if [[ "$got" != "$want" ]]; then
      echo "fetch-flights: $f has git blob sha1 $got, expected $want" >&2
      exit 1
    fi
    cp "$src" "$dest/.$f.tmp"
    mv -f "$dest/.$f.tmp" "$dest/$f"
    echo "ok (fetched): $dest/$f"
  done
fi

echo "flights data in $dest:"
for f in "${FILES[@]}"; do
  echo "  $dest/$f ($(wc -c <"$dest/$f" | tr -d '[:space:]') bytes)"
done
