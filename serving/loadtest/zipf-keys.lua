-- wrk script: GETs cache documents whose keys are drawn from a Zipf distribution.
--
-- Reads a key list (one per line; hottest rank is a random one of them, see below) and sends
--   GET /v1/docs/<percent-encoded key>      for a line that is a cache key (user:abc:stats)
--   GET <line>                              for a line that starts with '/' (a typed path)
-- with "Authorization: Bearer $AVALO_TOKEN". Settings come from the environment, so run-load.sh
-- can pass them without wrk's argument parsing:
--   AVALO_TOKEN     service token (required)
--   AVALO_KEYS      key list file (required)
--   AVALO_ZIPF_S    Zipf exponent, default 1.0 (0 = uniform)
--   AVALO_MAX_KEYS  use only the first N keys of the file (default: all)
--   AVALO_SEED      permutation seed, default 42 (same in every thread: one popularity order)
--   AVALO_PAUSE_MS  mean pause of each connection between its requests, exponentially
--                   distributed (default 0: a closed loop, the next request as soon as the
--                   answer is in); with pauses the offered load is about connections / pause,
--                   so the service can be compared below saturation, not only at it

local token = os.getenv("AVALO_TOKEN")
local key_file = os.getenv("AVALO_KEYS")
local zipf_s = tonumber(os.getenv("AVALO_ZIPF_S") or "1.0")
local max_keys = tonumber(os.getenv("AVALO_MAX_KEYS") or "0")
local seed = tonumber(os.getenv("AVALO_SEED") or "42")
local pause_ms = tonumber(os.getenv("AVALO_PAUSE_MS") or "0")

local paths = {}
local cdf = {}
local n = 0
local thread_counter = 0

local function encode_segment(s)
  -- Keep RFC 3986 unreserved characters and ':'; percent-encode everything else (including %).
  return (s:gsub("[^%w%-%._~:]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function load_paths()
  if token == nil or token == "" then error("AVALO_TOKEN is not set") end
  if key_file == nil or key_file == "" then error("AVALO_KEYS is not set") end
  local f = io.open(key_file, "r")
  if f == nil then error("cannot open key list " .. key_file) end
  for line in f:lines() do
    line = line:gsub("%s+$", "")
    if line ~= "" and line:sub(1, 1) ~= "#" then
      if line:sub(1, 1) == "/" then
        paths[#paths + 1] = line
      else
        paths[#paths + 1] = "/v1/docs/" .. encode_segment(line)
      end
      if max_keys > 0 and #paths >= max_keys then break end
    end
  end
  f:close()
  n = #paths
  if n == 0 then error("no keys in " .. key_file) end
end

-- Rank r (1 = hottest) gets weight 1 / r^s; ranks are assigned to keys by a seeded shuffle so
-- that the hot keys are spread over the file (and so over document types) rather than its head.
local function build_distribution()
  math.randomseed(seed)
  for i = n, 2, -1 do
    local j = math.random(i)
    paths[i], paths[j] = paths[j], paths[i]
  end
  local total = 0
  for r = 1, n do
    total = total + 1 / (r ^ zipf_s)
    cdf[r] = total
  end
  for r = 1, n do cdf[r] = cdf[r] / total end
end

local function pick()
  local u = math.random()
  local lo, hi = 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return paths[lo]
end

function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("thread_id", thread_counter)
end

function init(args)
  load_paths()
  build_distribution()
  -- After the shared shuffle, give each thread its own request stream.
  math.randomseed(seed * 1000 + (thread_id or 0) + os.time())
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Accept"] = "application/json"
end

function request()
  return wrk.format("GET", pick())
end

if pause_ms > 0 then
  -- wrk waits this many ms before a connection's next request; it is not counted as latency.
  function delay()
    return math.floor(-math.log(1 - math.random()) * pause_ms)
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write("---- avalo load result ----\n")
  io.write(string.format("requests:        %d in %.1f s\n", summary.requests, seconds))
  io.write(string.format("requests/s:      %.1f\n", summary.requests / seconds))
  io.write(string.format("latency p50:     %.2f ms\n", latency:percentile(50) / 1000))
  io.write(string.format("latency p95:     %.2f ms\n", latency:percentile(95) / 1000))
  io.write(string.format("latency p99:     %.2f ms\n", latency:percentile(99) / 1000))
  io.write(string.format("latency max:     %.2f ms\n", latency.max / 1000))
  io.write(string.format("errors:          %d (non-2xx/3xx responses: %d; socket: connect %d,"
    .. " read %d, write %d, timeout %d)\n", e.status + socket_errors, e.status, e.connect,
    e.read, e.write, e.timeout))
  io.write(string.format("transfer:        %.1f MiB\n", summary.bytes / 1048576))
end
