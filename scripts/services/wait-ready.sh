# Sourced by the *-start.sh scripts. wait_ready PID LOG WHAT CHECK...: runs CHECK every 50 ms (up to 20 s) while
# PID lives; once it succeeds prints PID and exits 0; else kills PID, says WHAT with LOG on stderr and exits 1.
wait_ready() {
  local pid=$1 log=$2 what=$3
  shift 3
  for _ in $(seq 1 400); do
    if "$@"; then echo "$pid"; exit 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  kill "$pid" 2>/dev/null || true
  echo "$what; its log:" >&2
  cat "$log" >&2
  exit 1
}

# http_ready PORT: the Prometheus-family /-/ready answers 200 (without curl: the port accepts connections).
http_ready() {
  if command -v curl >/dev/null; then curl -fsS "http://127.0.0.1:$1/-/ready" >/dev/null 2>&1
  else (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; fi
}
