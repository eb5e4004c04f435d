#!/usr/bin/env bash
# Starts Debian's prometheus-alertmanager for tests on 127.0.0.1, in the background, and prints its pid once ready.
# Usage: alertmanager-start.sh DIR PORT WEBHOOK_URL
#   DIR          a scratch directory: config, data and alertmanager.log go there
#   PORT         the port to listen on (127.0.0.1 only)
#   WEBHOOK_URL  where the single receiver posts (send_resolved), with alerts grouped by alertname at once
# Stop it with: kill PID
set -euo pipefail
dir=$1 port=$2 webhook=$3
bin=${ALERTMANAGER_BIN:-prometheus-alertmanager}
command -v "$bin" >/dev/null || { echo "prometheus-alertmanager is not installed: apt-get install prometheus-alertmanager" >&2; exit 2; }
mkdir -p "$dir/data"
cat >"$dir/alertmanager.yml" <<YAML
route:
  receiver: webhook
  group_by: ['alertname']
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: webhook
    webhook_configs:
      - url: '$webhook'
        send_resolved: true
YAML
# --cluster.listen-address="" turns off gossip (it would listen on 0.0.0.0:9094); output goes to a file so that
# the background process holds no pipe of the caller open.
"$bin" --config.file="$dir/alertmanager.yml" --storage.path="$dir/data" --web.listen-address="127.0.0.1:$port" \
  --cluster.listen-address="" --log.level=info </dev/null >"$dir/alertmanager.log" 2>&1 &
pid=$!
. "$(dirname "$0")/wait-ready.sh"
wait_ready "$pid" "$dir/alertmanager.log" "alertmanager did not become ready on 127.0.0.1:$port" http_ready "$port"
