# Sourced by the benchmarks that reuse a seeded data set between runs (bench/feeds, bench/runners).
# ensure_seed USERS SEED DIR: a whole data set of USERS users from seed SEED in DIR, made unless
# there already. Whole means its manifest is there, which the generator writes last (users.ndjson is
# made first, and an interrupted or disk-full seed left it behind); and it must say this seed and
# size: a benchmark would otherwise time a truncated world, or another seed's under this one's name.
ensure_seed() {
  local users="$1" seed="$2" dir="$3"
  if [[ -f "$dir/manifest.json" ]]; then
    python3 - "$dir/manifest.json" "$seed" "$users" <<'PY' && return 0
import json, sys
config = json.load(open(sys.argv[1]))["config"]
sys.exit(0 if config["seed"] == int(sys.argv[2]) and config["users"] == int(sys.argv[3]) else 1)
PY
    echo "error: $dir holds a data set of another seed or size than seed $seed, $users users;" \
      "delete it, or give this run another OUT" >&2
    exit 1
  fi
  echo "seeding $users users (seed $seed) into $dir" >&2
  rm -rf "$dir"
  "$ROOT/scripts/precompute" seed --users "$users" --seed "$seed" --out "$dir" >&2
}
