#!/usr/bin/env bash
# Container health check: healthcheck.sh [PORT] [PATH] succeeds when http://127.0.0.1:PORT/PATH
# answers 200 within 4 seconds (default: aurum serve's liveness, 8080 /health/live). Plain bash
# (/dev/tcp), since the runtime image has no curl.
set -euo pipefail
port="${1:-8080}"
path="${2:-/health/live}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
IFS= read -r -t 4 status <&3
[[ "$status" == HTTP/1.?\ 200* ]]
