#!/usr/bin/env bash
# Starts Debian's prometheus for tests on 127.0.0.1 with its remote-write receiver (/api/v1/write), in the
# background, and prints its pid once ready.
# Usage: prometheus-start.sh DIR PORT
#   DIR   a scratch directory: config, TSDB and prometheus.log go there
#   PORT  the port to listen on (127.0.0.1 only)
# No scrape targets: everything it holds was remote-written. Stop it with: kill PID
set -euo pipefail
dir=$1 port=$2
bin=${PROMETHEUS_BIN:-prometheus}
command -v "$bin" >/dev/null || { echo "prometheus is not installed: apt-get install prometheus" >&2; exit 2; }
mkdir -p "$dir/data"
cat >"$dir/prometheus.yml" <<YAML
global:
  scrape_interval: 1h
  evaluation_interval: 1h
scrape_configs: []
YAML
# Output goes to a file so that the background process holds no pipe of the caller open.
"$bin" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" --web.listen-address="127.0.0.1:$port" \
  --web.enable-remote-write-receiver --storage.tsdb.retention.time=1d --log.level=info </dev/null >"$dir/prometheus.log" 2>&1 &
pid=$!
# ready when /-/ready answers 200 (without curl: when the port accepts connections)
ready() {
  if command -v curl >/dev/null; then curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1
  else (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; fi
}
for _ in $(seq 1 400); do
  if ready; then echo "$pid"; exit 0; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
kill "$pid" 2>/dev/null || true
echo "prometheus did not become ready on 127.0.0.1:$port; its log:" >&2
cat "$dir/prometheus.log" >&2
exit 1
