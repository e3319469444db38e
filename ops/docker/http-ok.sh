#!/usr/bin/env bash
# Container healthcheck without curl (not in every base image): exits 0 only when
# GET http://127.0.0.1:<port><path> answers 200. Usage: http-ok.sh PORT PATH
set -euo pipefail
port="${1:?port}"
path="${2:?path}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${path}" >&3
IFS= read -r -t 5 status <&3
[[ "${status}" =~ ^HTTP/[0-9.]+\ 200\  ]]
