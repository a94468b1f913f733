#!/usr/bin/env bash
# Drives a running Avalo serving HTTP service with wrk: GETs of cache documents whose keys follow
# a Zipf distribution over a key list, many concurrent connections, for a bounded time; prints
# requests/s, P50/P95/P99 latency and the error count (non-2xx/3xx responses and socket errors).
#
# Usage: run-load.sh URL TOKEN KEY_FILE [options]
#   URL       base URL of the service; only loopback hosts are accepted (127.0.0.1, localhost)
#   TOKEN     a service token of that service
#   KEY_FILE  cache keys (or typed paths starting with '/'), one per line
# Options:
#   -c N   concurrent connections       (default 1000)
#   -d D   duration, wrk syntax: 10s 2m (default 30s; at most 10m)
#   -t N   wrk threads                  (default: number of cores)
#   -s S   Zipf exponent                (default 1.0; 0 = uniform)
#   -n N   use the first N keys only    (default: all)
#   -o F   also write the report to F
#   --timeout D  wrk's per-request timeout (default 5s)
#   --pause MS   mean pause of each connection between requests (default 0: closed loop, as fast
#                as answers come); offered load is then about connections / (MS / 1000) req/s
#
# Example (the real run: 100k keys, 1,000 connections):
#   serving/loadtest/run-load.sh http://127.0.0.1:8080 "$AVALO_SERVICE_TOKEN" keys.txt -c 1000 -d 60s
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "run-load.sh: $*" >&2; exit 2; }

[[ $# -ge 3 ]] || die "usage: run-load.sh URL TOKEN KEY_FILE [-c conns] [-d duration] [-t threads] [-s zipf] [-n keys] [-o out]"
url="${1%/}"; token="$2"; keys="$3"; shift 3
connections=1000; duration=30s; threads="$(nproc)"; zipf=1.0; max_keys=0; out=""; timeout=5s; pause=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    -c) connections="$2"; shift 2 ;;
    -d) duration="$2"; shift 2 ;;
    -t) threads="$2"; shift 2 ;;
    -s) zipf="$2"; shift 2 ;;
    -n) max_keys="$2"; shift 2 ;;
    -o) out="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --pause) pause="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done

# Only ever load this machine: refuse anything but a loopback host.
host="$(sed -E 's#^[a-z]+://##; s#[/?].*$##; s#:[0-9]+$##; s#^\[(.*)\]$#\1#' <<<"$url")"
case "$host" in
  127.*|localhost|::1) ;;
  *) die "refusing to load '$host': only 127.0.0.1 / localhost / ::1 may be targeted" ;;
esac
[[ "$url" =~ ^http:// ]] || die "URL must start with http:// (got $url)"
[[ -r "$keys" ]] || die "cannot read key file $keys"
[[ -n "$token" ]] || die "the service token is empty"
[[ "$connections" =~ ^[0-9]+$ && "$connections" -ge 1 && "$connections" -le 20000 ]] \
  || die "-c must be 1-20000, was $connections"
[[ "$duration" =~ ^([0-9]+)(s|m)?$ ]] || die "-d must look like 30s or 2m, was $duration"
seconds="${BASH_REMATCH[1]}"; [[ "${BASH_REMATCH[2]}" == "m" ]] && seconds=$((seconds * 60))
[[ "$seconds" -ge 1 && "$seconds" -le 600 ]] || die "-d must be between 1s and 10m, was $duration"
[[ "$threads" -le "$connections" ]] || threads="$connections"
[[ "$pause" =~ ^[0-9]+$ ]] || die "--pause must be whole milliseconds, was $pause"

if ! command -v wrk >/dev/null 2>&1; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "wrk is missing: installing the Debian package" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >&2 \
      || die "apt-get install wrk failed; install wrk (Debian/Ubuntu package 'wrk') and retry"
  else
    die "wrk is not installed; install it with: sudo apt-get install -y wrk"
  fi
fi

# One cheap authenticated request first, so a wrong token or URL fails loudly, not as 100% errors.
if command -v curl >/dev/null 2>&1; then
  probe_key="$(grep -m 1 -v -e '^#' -e '^$' "$keys")"
  [[ "$probe_key" == /* ]] && probe_path="$probe_key" || probe_path="/v1/docs/$probe_key"
  status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    "$url$probe_path" || true)"
  [[ "$status" =~ ^[23] ]] \
    || die "probe GET $url$probe_path answered '$status'; check the URL, token and key file"
fi

key_count="$(grep -c -v -e '^#' -e '^$' "$keys")"
[[ "$max_keys" -gt 0 && "$max_keys" -lt "$key_count" ]] && key_count="$max_keys"
# Each connection needs a descriptor; raise the soft limit as far as the hard one allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
{
  echo "avalo serving load: $url, $key_count keys, zipf s=$zipf, $connections connections," \
       "$threads threads, $duration, pause ${pause} ms, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  AVALO_TOKEN="$token" AVALO_KEYS="$(realpath "$keys")" AVALO_ZIPF_S="$zipf" \
    AVALO_MAX_KEYS="$max_keys" AVALO_PAUSE_MS="$pause" \
    timeout $((seconds + 60)) wrk -t "$threads" -c "$connections" -d "$duration" \
      --timeout "$timeout" -s "$here/zipf-keys.lua" "$url" 2>&1
} | tee "$report"
if [[ -n "$out" ]]; then
  mkdir -p "$(dirname "$out")"
  cp "$report" "$out"
  echo "report written to $out"
fi
