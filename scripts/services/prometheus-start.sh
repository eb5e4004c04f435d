#!/usr/bin/env bash
# Starts Debian's prometheus for tests on 127.0.0.1 with its remote-write receiver (/api/v1/write), in the
# background, and prints its pid once ready.
# Usage: prometheus-start.sh DIR PORT [TARGET]
#   DIR     a scratch directory: config, TSDB and prometheus.log go there
#   PORT    the port to listen on (127.0.0.1 only)
#   TARGET  host:port of a `logi serve` to scrape every second as job "logi"; without it nothing is scraped and
#           everything it holds was remote-written
# Stop it with: kill PID
set -euo pipefail
dir=$1 port=$2 target=${3:-}
bin=${PROMETHEUS_BIN:-prometheus}
command -v "$bin" >/dev/null || { echo "prometheus is not installed: apt-get install prometheus" >&2; exit 2; }
mkdir -p "$dir/data"
if [ -n "$target" ]; then
  scrape="
  - job_name: logi
    scrape_interval: 1s
    static_configs:
      - targets: ['$target']"
else
  scrape=' []'
fi
cat >"$dir/prometheus.yml" <<YAML
global:
  scrape_interval: 1h
  evaluation_interval: 1h
scrape_configs:$scrape
YAML
# Output goes to a file so that the background process holds no pipe of the caller open.
"$bin" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" --web.listen-address="127.0.0.1:$port" \
  --web.enable-remote-write-receiver --storage.tsdb.retention.time=1d --log.level=info </dev/null >"$dir/prometheus.log" 2>&1 &
pid=$!
. "$(dirname "$0")/wait-ready.sh"
wait_ready "$pid" "$dir/prometheus.log" "prometheus did not become ready on 127.0.0.1:$port" http_ready "$port"
