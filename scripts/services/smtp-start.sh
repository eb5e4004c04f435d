#!/usr/bin/env bash
# Starts the test SMTP server (scripts/services/smtp-sink.py, Debian's python3-aiosmtpd) on 127.0.0.1 in
# the background and prints its pid once it accepts connections. For the TLS modes it first makes a
# self-signed certificate for 127.0.0.1 in DIR.
# Usage: smtp-start.sh DIR PORT MODE [USER:PASSWORD]   (see smtp-sink.py; messages land in DIR/<n>.eml)
# Stop it with: kill PID
set -euo pipefail
dir=$1 port=$2 mode=$3
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || { echo "python3-aiosmtpd is not installed: apt-get install python3-aiosmtpd" >&2; exit 2; }
mkdir -p "$dir"
if [ "$mode" != plain ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
fi
/usr/bin/python3 "$(dirname "$0")/smtp-sink.py" "$@" </dev/null >"$dir/smtp.log" 2>&1 &
pid=$!
. "$(dirname "$0")/wait-ready.sh"
wait_ready "$pid" "$dir/smtp.log" "the SMTP server did not start on 127.0.0.1:$port" grep -qs ready "$dir/smtp.log"
