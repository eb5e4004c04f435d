#!/usr/bin/env bash
# Stops the S3 server s3-start.sh started in DIR (SIGKILL: its data is throw-away) and removes DIR.
# Usage: s3-stop.sh DIR
set -euo pipefail
DIR=$(realpath -m "$1")
[ -f "$DIR/env" ] || { rm -rf "$DIR"; exit 0; }
PIDS=$(sed -n 's/^PIDS="\(.*\)"$/\1/p' "$DIR/env")
for pid in $PIDS; do
  # only a process started for this DIR: the pid may have been reused since
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DIR" && kill -9 "$pid"
done
for _ in $(seq 1 50); do
  alive=0
  for pid in $PIDS; do [ -r "/proc/$pid/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" && alive=1; done
  [ "$alive" = 0 ] && break
  sleep 0.1
done
rm -rf "$DIR"
