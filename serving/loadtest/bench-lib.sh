#!/usr/bin/env bash
# Shared steps of the emulator benches (run-emulator-bench.sh, run-slo-bench.sh): sourced, not run.
# Expects: root, here, work, keys, users, emulator_port, port, and die().

serve_pid=""; started_emulator=""; extra_pids=()

step() { echo; echo "== $(date -u +%H:%M:%S) $*"; }

# Copies everything printed from here on to OUT, and cleans up on exit.
bench_begin() {
  mkdir -p "$work" "$(dirname "$1")"
  command -v curl >/dev/null || die "curl is required"
  exec > >(tee "$1") 2>&1
  trap bench_cleanup EXIT
}

# On exit: stops the helper processes in extra_pids, serve, and the emulator if this run started it.
bench_cleanup() {
  local pid
  for pid in ${extra_pids[@]+"${extra_pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
  bench_stop_serve
  [[ -n "$started_emulator" ]] && "$root/scripts/emulator.sh" stop
  return 0
}

# Builds the CLI, the serving jar and serving's test classes (the load tools); sets copy_cp, the
# classpath of those tools.
bench_build() {
  # One reactor run: build-classpath alone cannot resolve the sibling modules, which are never
  # installed into ~/.m2. Each module writes its own target/test-classpath.txt; serving/server's
  # is the one read below.
  (cd "$root" && mvn -B -o -q -pl serving/server -am test-compile dependency:build-classpath \
    -DincludeScope=test -DexcludeGroupIds=com.avalo.precompute \
    -Dmdep.outputFile=target/test-classpath.txt >/dev/null)
  "$root/scripts/precompute" --version
  copy_cp="$root/serving/server/target/test-classes:$root/serving/server/target/classes:$root/serving/target/classes:$root/schemas/target/classes:$(cat "$root/serving/server/target/test-classpath.txt")"
}

# Real job output of every type in WORK/cache.db (--freshFor=P2D), reused for a day.
bench_documents() {
  db="$work/cache.db"
  if [[ -f "$db" && -n "$(find "$db" -mmin -1440)" ]]; then
    echo "reusing $db (written $(date -u -r "$db" +%Y-%m-%dT%H:%M:%SZ) with --freshFor=P2D)"
  else
    rm -rf "$work/seed" "$db" "$db-wal" "$db-shm"
    "$root/scripts/precompute" seed --users "$users" --seed 42 --out "$work/seed" 2>&1 | tail -1
    "$root/scripts/precompute" run all --source=files --input="$work/seed" --store="sqlite:$db" \
      --freshFor=P2D 2>/dev/null
  fi
}

# Starts the emulator (or uses the one running) and copies a seeded sample of $keys documents into
# a fresh project; sets emulator, project, key_file, first_key and started_emulator.
bench_emulator_and_copy() {
  project="avalo-bench-$(date -u +%Y%m%d%H%M%S)"
  if emulator="$("$root/scripts/emulator.sh" status 2>/dev/null)"; then
    echo "using the emulator already running at $emulator (left running at the end)"
  else
    emulator="$("$root/scripts/emulator.sh" start "$emulator_port")"
    started_emulator=1
    echo "emulator started at $emulator"
  fi
  key_file="$work/keys.txt"
  java -Xmx2g -cp "$copy_cp" com.avalo.precompute.serving.http.LoadTestCopy --from "$db" \
    --project "$project" --emulator-host "$emulator" --keys "$keys" --key-file "$key_file" \
    2>&1 | grep -v '^SLF4J'  # serving's test classpath has no SLF4J binding; the Firestore client warns
  first_key="$(head -1 "$key_file")"
}

# A fresh service token and the serving.properties accepting it; sets token.
bench_config() {
  token="bench-$(od -An -tx8 -N16 /dev/urandom | tr -d ' \n')"
  printf 'http.host=127.0.0.1\nauth.service-token-hashes=sha256:%s\n' \
    "$(printf %s "$token" | sha256sum | cut -d' ' -f1)" > "$work/serving.properties"
}

# Starts 'serve' on the emulator with SERVE_JAVA_OPTS and the given extra flags, logging to LOG;
# waits for its URL line; sets serve_pid and url.
bench_start_serve() {
  local log="$1"; shift
  : > "$log"  # before the background start: its own truncation may come after the first grep
  SERVE_JAVA_OPTS="${SERVE_JAVA_OPTS:-}" "$root/scripts/serve" \
    --store="firestore:$project" --emulator-host="$emulator" --config="$work/serving.properties" \
    --port="$port" "$@" > "$log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 600); do
    grep -q "^serving .* on http://" "$log" && break
    kill -0 "$serve_pid" 2>/dev/null || { tail -20 "$log"; die "serve exited"; }
    sleep 0.5
  done
  grep "^serving .* on http://" "$log" || die "serve did not start in 300 s; see $log"
  url="http://127.0.0.1:$port"
}

# Stops the serve started last (SIGTERM: it finishes requests and saves its hot keys).
bench_stop_serve() {
  if [[ -n "${serve_pid:-}" ]] && kill -0 "$serve_pid" 2>/dev/null; then
    kill -TERM "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
  fi
  serve_pid=""
}

bench_scrape() { curl -sf -H "Authorization: Bearer $token" "$url/metrics"; }

# Between two /metrics scrapes BEFORE AFTER over SECONDS: reads per answering layer inside the
# client (share, what they found, mean time; memory hits are timed one in 256), the server's
# request time by answering layer (p50/p99 interpolated in the histogram's buckets; memory hits
# apart from stale_if_error, memory's answers after a failed store read), refreshes ahead, shed
# misses and the serve JVM's GC pauses as Micrometer counts them.
bench_layers() {
  awk -v seconds="$3" '
    function tag(name) {
      if (!match($0, name "=\"[^\"]*\"")) return ""
      return substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3)
    }
    function quantile(l, q,   target, i, prev, prevle, c, le, frac) {
      target = q * httpn[l]; prev = 0; prevle = 0
      for (i = 1; i <= nb; i++) {
        le = bounds[i]; c = bucket[l, le]
        if (c >= target) {
          if (le == "+Inf") return sprintf(">%.0f", prevle * 1000)
          frac = (c > prev) ? (target - prev) / (c - prev) : 0
          return sprintf("%.2f", 1000 * (prevle + (le - prevle) * frac))
        }
        prev = c; prevle = le
      }
      return "-"
    }
    { v = $NF + 0; if (FILENAME == ARGV[1]) v = -v }
    /^avalo_cache_reads_total\{/ {
      reads[tag("layer")] += v; found[tag("layer"), tag("result")] += v; total += v }
    /^avalo_cache_latency_seconds_sum\{/ { time[tag("layer")] += v }
    /^avalo_cache_latency_seconds_count\{/ { timed[tag("layer")] += v }
    /^avalo_cache_refreshes_total\{/ { refreshes += v }
    /^avalo_cache_load_shed_total\{/ { shed += v }
    /^jvm_gc_pause_seconds_sum\{/ { gc_seconds += v }
    /^jvm_gc_pause_seconds_count\{/ { gc_pauses += v }
    /^http_server_requests_seconds_bucket\{/ && /route="\/v1\// {
      le = tag("le"); l = tag("layer"); bucket[l, le] += v
      if (!(le in seen)) { seen[le] = 1; bounds[++nb] = le } }
    /^http_server_requests_seconds_count\{/ && /route="\/v1\// {
      httpn[tag("layer")] += v; st = tag("status"); bystatus[tag("layer"), st] += v; statuses[st] = 1 }
    END {
      # bucket bounds in numeric order, +Inf last
      for (i = 1; i <= nb; i++) for (j = i + 1; j <= nb; j++) {
        a = (bounds[i] == "+Inf") ? 1e99 : bounds[i] + 0; b = (bounds[j] == "+Inf") ? 1e99 : bounds[j] + 0
        if (b < a) { t = bounds[i]; bounds[i] = bounds[j]; bounds[j] = t } }
      printf "reads through the cache client: %d\n", total
      split("memory store origin none", order, " ")
      for (i = 1; i <= 4; i++) {
        l = order[i]; n = reads[l]
        if (n == 0) { printf "  %-7s         0 reads\n", l; continue }
        printf "  %-7s %9d reads (%5.1f%% of all)  hit %5.1f%%  stale %4.1f%%  miss %4.1f%%  error %4.1f%%  mean in client %.2f ms\n",
          l, n, 100 * n / total, 100 * found[l, "hit"] / n, 100 * found[l, "stale"] / n,
          100 * found[l, "miss"] / n, 100 * found[l, "error"] / n,
          (timed[l] > 0 ? 1000 * time[l] / timed[l] : 0)
      }
      split("memory stale_if_error store origin none", served, " ")
      for (i = 1; i <= 5; i++) {
        l = served[i]
        if (httpn[l] > 0) {
          codes = ""
          for (st in statuses) if (bystatus[l, st] > 0) codes = codes sprintf(" %s=%d", st, bystatus[l, st])
          printf "  server time by layer: %-7s %9d requests  p50 %s ms  p99 %s ms  (status%s)\n", l, httpn[l], quantile(l, 0.5), quantile(l, 0.99), codes
        }
      }
      printf "refreshes ahead started: %d; misses shed: %d\n", refreshes, shed
      printf "serve JVM GC (Micrometer): %d pauses, %.0f ms in all (%.1f%% of the %d s)\n",
        gc_pauses, 1000 * gc_seconds, 100 * gc_seconds / seconds, seconds
    }' "$1" "$2"
}
