# Deploy plan of classpath:schedules/avalo.yaml for project avalo-prod, region europe-west1.
# The same resources as 'precompute schedules deploy'. Build pipelines/target/avalo-pipelines-bundled.jar first, and apply
# from the repository root: the template build runs gcloud there.

resource "local_file" "template_metadata" {
  filename = "pipelines/target/flex-template/avalo-precompute-metadata.json"
  content  = <<-METADATA
    {
      "name" : "avalo-precompute",
      "description" : "Avalo Precompute: runs scheduled jobs (profiles, user-stats, matches, counts, feeds, chats, analytics) for one window of a schedule and writes their cache documents to Firestore.",
      "streaming" : false,
      "parameters" : [ {
        "name" : "expiryGrace",
        "label" : "Expiry grace",
        "helpText" : "Added to the --expiryTicks-th tick after the window to give documents' expiresAt (ISO-8601 duration); covers the next run's launch, retries and run time. Default: PT30M.",
        "isOptional" : true,
        "regexes" : [ "^P([0-9]+D(T([0-9]+H([0-9]+M)?([0-9]+(\\.[0-9]{1,9})?S)?|[0-9]+M([0-9]+(\\.[0-9]{1,9})?S)?|[0-9]+(\\.[0-9]{1,9})?S))?|T([0-9]+H([0-9]+M)?([0-9]+(\\.[0-9]{1,9})?S)?|[0-9]+M([0-9]+(\\.[0-9]{1,9})?S)?|[0-9]+(\\.[0-9]{1,9})?S))$" ],
        "paramType" : "TEXT",
        "defaultValue" : "PT30M"
      }, {
        "name" : "expiryTicks",
        "label" : "How many ticks after the window its documents stay fresh",
        "helpText" : "How many ticks after the window its documents stay fresh (plus --expiryGrace); 1 means until the next run, more lets later runs leave unchanged documents alone. Default: 1.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "1"
      }, {
        "name" : "jobs",
        "label" : "Jobs to run in one pipeline",
        "helpText" : "Jobs to run in one pipeline, comma-separated (e.g. chats,counts)",
        "regexes" : [ "^(profiles|user-stats|matches|counts|feeds|chats|analytics)(,(profiles|user-stats|matches|counts|feeds|chats|analytics))*$" ],
        "paramType" : "TEXT"
      }, {
        "name" : "maxRunTime",
        "label" : "Longest time a run of one window may take",
        "helpText" : "Longest time a run of one window may take (ISO-8601 duration): its lease in the run ledger, after which the next launch may take the window over from a run that died. Default: PT1H.",
        "isOptional" : true,
        "regexes" : [ "^P([0-9]+D(T([0-9]+H([0-9]+M)?([0-9]+(\\.[0-9]{1,9})?S)?|[0-9]+M([0-9]+(\\.[0-9]{1,9})?S)?|[0-9]+(\\.[0-9]{1,9})?S))?|T([0-9]+H([0-9]+M)?([0-9]+(\\.[0-9]{1,9})?S)?|[0-9]+M([0-9]+(\\.[0-9]{1,9})?S)?|[0-9]+(\\.[0-9]{1,9})?S))$" ],
        "paramType" : "TEXT",
        "defaultValue" : "PT1H"
      }, {
        "name" : "schedule",
        "label" : "Name of the schedule this run belongs to",
        "helpText" : "Name of the schedule this run belongs to (an entry of the schedules file)",
        "paramType" : "TEXT"
      }, {
        "name" : "scheduleCron",
        "label" : "The schedule's cron",
        "helpText" : "The schedule's cron: 5 unix-cron fields, read on the wall clock of --scheduleTimeZone; its ticks bound the windows",
        "regexes" : [ "^[^ ]+( [^ ]+){4}$" ],
        "paramType" : "TEXT"
      }, {
        "name" : "scheduleTimeZone",
        "label" : "Time zone of the cron",
        "helpText" : "Time zone of the cron (tz-database id); UTC has no DST, so no tick is skipped or doubled. Default: Etc/UTC.",
        "isOptional" : true,
        "regexes" : [ "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$" ],
        "paramType" : "TEXT",
        "defaultValue" : "Etc/UTC"
      }, {
        "name" : "window",
        "label" : "Start of the window to compute",
        "helpText" : "Start of the window to compute, a tick of the schedule (RFC 3339); empty means the window ending at the latest tick not after the launch",
        "isOptional" : true,
        "regexes" : [ "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})$" ],
        "paramType" : "TEXT"
      }, {
        "name" : "activeWindowDays",
        "label" : "Active window days",
        "helpText" : "Users count as active for discovery and counts when last active within this many days. Default: 30.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "30"
      }, {
        "name" : "deadLetterCollection",
        "label" : "Dead letter collection",
        "helpText" : "Firestore collection that receives dead letters when --store=firestore. Default: precompute_dead_letters.",
        "isOptional" : true,
        "paramType" : "TEXT",
        "defaultValue" : "precompute_dead_letters"
      }, {
        "name" : "dedupeAllCollections",
        "label" : "Drop repeated ids in every collection of a file export",
        "helpText" : "Drop repeated ids in every collection of a file export (likes, messages and events too, as users, chats and the others always are): a record given twice is counted once and its copy dead-lettered. Off by default: they are most of an export's records, and grouping them made 'run all' 1.43-1.44 times as long at 100,000 users (bench/scale/RESULTS.md, stop 38). Use it on an export that may hold a file twice. Default: false.",
        "isOptional" : true,
        "regexes" : [ "^(true|false)$" ],
        "paramType" : "BOOLEAN",
        "defaultValue" : "false"
      }, {
        "name" : "firestoreMaxAttempts",
        "label" : "Firestore max attempts",
        "helpText" : "Attempts FirestoreIO makes at each Firestore read or write call before the run fails (1 to 5). Default: 5.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "5"
      }, {
        "name" : "firestorePrices",
        "label" : "Firestore prices in dollars per 100,000 operations",
        "helpText" : "Firestore prices in dollars per 100,000 operations, for the run's cost estimate. Default: write=0.18,delete=0.02,read=0.06.",
        "isOptional" : true,
        "paramType" : "TEXT",
        "defaultValue" : "write=0.18,delete=0.02,read=0.06"
      }, {
        "name" : "firestoreReadPartitions",
        "label" : "Firestore read partitions",
        "helpText" : "Split each Firestore collection read into this many partitions with PartitionQuery (not supported by the emulator); 0 reads each collection with one query. Default: 0.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "0"
      }, {
        "name" : "firestoreRetryBackoffSeconds",
        "label" : "Seconds FirestoreIO waits before retrying a failed call",
        "helpText" : "Seconds FirestoreIO waits before retrying a failed call, growing 1.5 times per attempt (5 to 120). Default: 5.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "5"
      }, {
        "name" : "firestoreWriteWorkers",
        "label" : "Workers that write to Firestore at once",
        "helpText" : "Workers that write to Firestore at once, for FirestoreIO's throttle; 0 means --maxNumWorkers on Dataflow, else 1 (FirestoreIO's own default assumes 500). Default: 0.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "0"
      }, {
        "name" : "freshFor",
        "label" : "How long written documents stay fresh",
        "helpText" : "How long written documents stay fresh (ISO-8601 duration, e.g. PT6H); empty means each type's default",
        "isOptional" : true,
        "paramType" : "TEXT"
      }, {
        "name" : "full",
        "label" : "Diff against the job's documents read from the store",
        "helpText" : "Diff against the job's documents read from the store (one read of their keys) instead of the last run's manifest: after drift such as TTL deletes, or documents deleted or re-stamped by hand. Default: false.",
        "isOptional" : true,
        "regexes" : [ "^(true|false)$" ],
        "paramType" : "BOOLEAN",
        "defaultValue" : "false"
      }, {
        "name" : "input",
        "label" : "Directory of the NDJSON export",
        "helpText" : "Directory of the NDJSON export (users.ndjson, likes.ndjson, ...) for --source=files. Default: out/seed.",
        "isOptional" : true,
        "paramType" : "TEXT",
        "defaultValue" : "out/seed"
      }, {
        "name" : "maxRefusedRecordShare",
        "label" : "Max refused record share",
        "helpText" : "Fail the run before its first write when more than this share of the records of a collection other than users (0 to 1) fail to parse, as after the app changed a field's type: the run would publish documents without them (token balances without their purchases, chat lists without their chats). Default: 0.5.",
        "isOptional" : true,
        "regexes" : [ "^-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "0.5"
      }, {
        "name" : "maxRefusedUserShare",
        "label" : "Max refused user share",
        "helpText" : "Fail the run before its first write when more than this share of its users (0 to 1) fail to parse, as after the app changed a field's type: their documents would be deleted as no longer produced. A run with no user parsed always fails. Default: 0.5.",
        "isOptional" : true,
        "regexes" : [ "^-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "0.5"
      }, {
        "name" : "source",
        "label" : "Where the app's data is read from",
        "helpText" : "Where the app's data is read from: 'files' (an NDJSON export, see --input) or 'firestore' (the project given by --firestoreProject, or --emulatorHost). Default: files.",
        "isOptional" : true,
        "paramType" : "TEXT",
        "defaultValue" : "files"
      }, {
        "name" : "stateLocation",
        "label" : "State location",
        "helpText" : "Where run manifests and the state file that finds them are kept: a directory or a gs:// prefix; empty means next to the sqlite store (required with --store=firestore)",
        "isOptional" : true,
        "paramType" : "TEXT"
      }, {
        "name" : "store",
        "label" : "Where cache documents are written",
        "helpText" : "Where cache documents are written: sqlite:PATH (the embedded default) or firestore[:PROJECT]. Default: sqlite:out/cache.db.",
        "isOptional" : true,
        "paramType" : "TEXT",
        "defaultValue" : "sqlite:out/cache.db"
      }, {
        "name" : "firestoreDb",
        "label" : "Firestore database ID",
        "helpText" : "Firestore database ID. Default: (default).",
        "isOptional" : true,
        "paramType" : "TEXT",
        "defaultValue" : "(default)"
      }, {
        "name" : "firestoreProject",
        "label" : "Firestore project ID",
        "helpText" : "Firestore project ID",
        "isOptional" : true,
        "paramType" : "TEXT"
      }, {
        "name" : "maxMatchesListed",
        "label" : "Most matches listed in one matches:{uid} document",
        "helpText" : "Most matches listed in one matches:{uid} document (newest first); the total is always exact. Default: 1000.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "1000"
      }, {
        "name" : "countsConfig",
        "label" : "The counts config",
        "helpText" : "The counts config: a JSON file of named count queries (format in CountsConfig's Javadoc), or classpath:RESOURCE; defaults to the bundled counts/queries.json. Default: classpath:counts/queries.json.",
        "isOptional" : true,
        "paramType" : "TEXT",
        "defaultValue" : "classpath:counts/queries.json"
      }, {
        "name" : "feedMaxCandidates",
        "label" : "Most candidates in one user's feed",
        "helpText" : "Most candidates in one user's feed (K). Default: 200.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "200"
      }, {
        "name" : "feedPageSize",
        "label" : "Candidates per feed page",
        "helpText" : "Candidates per feed page (P); a feed has up to ceil(K/P) pages, feed:{uid}:0 first. Default: 20.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "20"
      }, {
        "name" : "feedsConfig",
        "label" : "Ranking weights and blocking limits",
        "helpText" : "Ranking weights and blocking limits (JSON, the format of feeds/ranking.json in the pipelines jar); empty means that default file",
        "isOptional" : true,
        "paramType" : "TEXT"
      }, {
        "name" : "chatMaxChats",
        "label" : "Most chats listed per user",
        "helpText" : "Most chats listed per user (the newest); bounds a worker's memory for one user. The rest are counted in a dead letter. Default: 5000.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "5000"
      }, {
        "name" : "chatMaxPages",
        "label" : "Most pages a user's chat list has",
        "helpText" : "Most pages a user's chat list has; chats that do not fit are dead-lettered. Pages an older, longer list left are deleted by the run's diff against what the job wrote before, whatever this bound. Default: 5.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "5"
      }, {
        "name" : "chatPageBytes",
        "label" : "Largest chat-list document in bytes of its JSON",
        "helpText" : "Largest chat-list document in bytes of its JSON, envelope included; a longer list is split into pages. Firestore's limit is 1 MiB; the default leaves a margin. Default: 900000.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "900000"
      }, {
        "name" : "chatPreviewChars",
        "label" : "Longest last-message preview",
        "helpText" : "Longest last-message preview, in characters as a person counts them (grapheme clusters); a longer text is cut on a character boundary and marked truncated. Default: 80.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "80"
      }, {
        "name" : "analyticsMetrics",
        "label" : "Metrics to compute",
        "helpText" : "Metrics to compute, comma-separated: active_users, engagement, revenue, api, retention. Default: active_users,engagement,revenue,api,retention.",
        "isOptional" : true,
        "paramType" : "TEXT",
        "defaultValue" : "active_users,engagement,revenue,api,retention"
      }, {
        "name" : "analyticsZone",
        "label" : "Time zone whose wall clock cuts the buckets",
        "helpText" : "Time zone whose wall clock cuts the buckets (IANA id, e.g. UTC, Europe/Warsaw). Default: UTC.",
        "isOptional" : true,
        "regexes" : [ "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$" ],
        "paramType" : "TEXT",
        "defaultValue" : "UTC"
      }, {
        "name" : "completeBucketsOnly",
        "label" : "Complete buckets only",
        "helpText" : "Scheduled runs: compute only the buckets that have ended by the run's time and the retention cohorts whose day 30 has ended, leaving the in-progress ones as they are stored; set by itself on a window older than one of its schedule that succeeded, whose runs have written the in-progress ones more completely. Default: false.",
        "isOptional" : true,
        "regexes" : [ "^(true|false)$" ],
        "paramType" : "BOOLEAN",
        "defaultValue" : "false"
      }, {
        "name" : "from",
        "label" : "Backfill: first day",
        "helpText" : "Backfill: first day (YYYY-MM-DD, inclusive, in --analyticsZone); with --to",
        "isOptional" : true,
        "regexes" : [ "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" ],
        "paramType" : "TEXT"
      }, {
        "name" : "hitRateCritical",
        "label" : "Hit rate critical",
        "helpText" : "Cache hit rate under which an endpoint's bucket is flagged 'critical'. Default: 0.5.",
        "isOptional" : true,
        "regexes" : [ "^-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "0.5"
      }, {
        "name" : "hitRateWarning",
        "label" : "Hit rate warning",
        "helpText" : "Cache hit rate under which an endpoint's bucket is flagged 'warning'. Default: 0.7.",
        "isOptional" : true,
        "regexes" : [ "^-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "0.7"
      }, {
        "name" : "lateBuckets",
        "label" : "Late buckets",
        "helpText" : "Scheduled runs: buckets recomputed for late events before the current one (with engagement, before the oldest one whose chats may still get a reply). Default: 2.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "2"
      }, {
        "name" : "p95CriticalMs",
        "label" : "P95 latency (p95 critical ms)",
        "helpText" : "P95 latency (ms) over which an endpoint's bucket is flagged 'critical'. Default: 1000.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "1000"
      }, {
        "name" : "p95WarningMs",
        "label" : "P95 latency (p95 warning ms)",
        "helpText" : "P95 latency (ms) over which an endpoint's bucket is flagged 'warning'. Default: 500.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "500"
      }, {
        "name" : "periods",
        "label" : "Periods to compute",
        "helpText" : "Periods to compute, comma-separated: hour, day, week (ISO), month. Default: hour,day,week,month.",
        "isOptional" : true,
        "paramType" : "TEXT",
        "defaultValue" : "hour,day,week,month"
      }, {
        "name" : "responseWindowHours",
        "label" : "Response window hours",
        "helpText" : "A chat counts as replied when the other participant writes within this many hours of its first message. Default: 24.",
        "isOptional" : true,
        "regexes" : [ "^-?[0-9]+$" ],
        "paramType" : "NUMBER",
        "defaultValue" : "24"
      }, {
        "name" : "to",
        "label" : "Backfill: last day",
        "helpText" : "Backfill: last day (YYYY-MM-DD, inclusive, in --analyticsZone); with --from",
        "isOptional" : true,
        "regexes" : [ "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" ],
        "paramType" : "TEXT"
      } ]
    }
  METADATA
}

resource "terraform_data" "flex_template" {
  triggers_replace = [
    local_file.template_metadata.content_sha256,
    filesha256("pipelines/target/avalo-pipelines-bundled.jar"),
    filesha256("pipelines/Dockerfile"),
  ]
  provisioner "local-exec" {
    command = <<-BUILD
      set -e
      gcloud builds submit pipelines \
          --project=avalo-prod \
          --tag=europe-west1-docker.pkg.dev/avalo-prod/precompute/avalo-precompute:latest \
          --quiet
      gcloud dataflow flex-template build gs://avalo-prod-dataflow/templates/avalo-precompute.json \
          --project=avalo-prod \
          --image=europe-west1-docker.pkg.dev/avalo-prod/precompute/avalo-precompute:latest \
          --sdk-language=JAVA \
          --metadata-file=pipelines/target/flex-template/avalo-precompute-metadata.json \
          --quiet
    BUILD
  }
}

# TTL deletes expired documents (within about 24 h; readers check expiresAt themselves); a timestamp that rises with every run
resource "google_firestore_field" "precompute_cache_expiresAt" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_cache"
  field      = "expiresAt"
  ttl_config {}
  index_config {}
}

# the document's JSON, up to about 1 MiB; never queried
resource "google_firestore_field" "precompute_cache_payload" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_cache"
  field      = "payload"
  index_config {}
}

# a 64-character hash; never queried
resource "google_firestore_field" "precompute_cache_contentHash" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_cache"
  field      = "contentHash"
  index_config {}
}

# a timestamp that rises with every run
resource "google_firestore_field" "precompute_cache_computedAt" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_cache"
  field      = "computedAt"
  index_config {}
}

# a timestamp that rises with every run
resource "google_firestore_field" "precompute_cache_asOf" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_cache"
  field      = "asOf"
  index_config {}
}

# the same value on every write of a run
resource "google_firestore_field" "precompute_cache_runId" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_cache"
  field      = "runId"
  index_config {}
}

# TTL deletes a dead letter 90 days after it was written; a timestamp that rises with every run
resource "google_firestore_field" "precompute_dead_letters_expireAt" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_dead_letters"
  field      = "expireAt"
  ttl_config {}
  index_config {}
}

# the refused record as read, up to its source's size; never queried
resource "google_firestore_field" "precompute_dead_letters_payload" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_dead_letters"
  field      = "payload"
  index_config {}
}

# why it was refused, a sentence; never queried
resource "google_firestore_field" "precompute_dead_letters_reason" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_dead_letters"
  field      = "reason"
  index_config {}
}

# TTL deletes a window's record 90 days after the window; a timestamp that rises with every window
resource "google_firestore_field" "precompute_runs_expiresAt" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_runs"
  field      = "expiresAt"
  ttl_config {}
  index_config {}
}

# the attempts' JSON; never queried
resource "google_firestore_field" "precompute_runs_attempts" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_runs"
  field      = "attempts"
  index_config {}
}

# a timestamp that rises with every write
resource "google_firestore_field" "precompute_runs_updatedAt" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_runs"
  field      = "updatedAt"
  index_config {}
}

# TTL deletes an invalidation a day after it was sent; a timestamp that rises with every one
resource "google_firestore_field" "precompute_invalidations_expireAt" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_invalidations"
  field      = "expireAt"
  ttl_config {}
  index_config {}
}

# one schedule's windows, newest first: read by every launch, and by 'precompute runs --schedule'
resource "google_firestore_index" "precompute_runs_schedule_windowStart" {
  project    = "avalo-prod"
  database   = "(default)"
  collection = "precompute_runs"
  fields {
    field_path = "schedule"
    order      = "ASCENDING"
  }
  fields {
    field_path = "windowStart"
    order      = "DESCENDING"
  }
}

resource "google_cloud_scheduler_job" "chats" {
  project          = "avalo-prod"
  region           = "europe-west1"
  name             = "avalo-precompute-chats"
  description      = "Runs chats on cron */10 * * * * (Etc/UTC)"
  schedule         = "*/10 * * * *"
  time_zone        = "Etc/UTC"
  attempt_deadline = "60s"
  retry_config {
    retry_count          = 2
    min_backoff_duration = "60s"
    max_backoff_duration = "120s"
    max_doublings        = 1
  }
  http_target {
    http_method = "POST"
    uri         = "https://dataflow.googleapis.com/v1b3/projects/avalo-prod/locations/europe-west1/flexTemplates:launch"
    headers     = { "Content-Type" = "application/json" }
    body        = base64encode(<<-BODY
      {
        "launchParameter" : {
          "jobName" : "avalo-precompute-chats",
          "containerSpecGcsPath" : "gs://avalo-prod-dataflow/templates/avalo-precompute.json",
          "parameters" : {
            "schedule" : "chats",
            "scheduleCron" : "*/10 * * * *",
            "scheduleTimeZone" : "Etc/UTC",
            "expiryGrace" : "PT30M",
            "expiryTicks" : "3",
            "maxRunTime" : "PT1H",
            "jobs" : "chats",
            "source" : "firestore",
            "store" : "firestore",
            "firestoreProject" : "avalo-prod",
            "stateLocation" : "gs://avalo-prod-dataflow/state"
          },
          "environment" : {
            "numWorkers" : 1,
            "maxWorkers" : 4,
            "machineType" : "n2-standard-2",
            "serviceAccountEmail" : "precompute-runner@avalo-prod.iam.gserviceaccount.com",
            "tempLocation" : "gs://avalo-prod-dataflow/temp",
            "additionalUserLabels" : {
              "app" : "avalo-precompute",
              "schedule" : "chats"
            }
          }
        }
      }
    BODY
    )
    oauth_token {
      service_account_email = "precompute-scheduler@avalo-prod.iam.gserviceaccount.com"
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }
  # Every launch reads the ledger's recent windows through its composite index: no tick
  # before it is built.
  depends_on = [terraform_data.flex_template, google_firestore_index.precompute_runs_schedule_windowStart]
}

resource "google_cloud_scheduler_job" "counts" {
  project          = "avalo-prod"
  region           = "europe-west1"
  name             = "avalo-precompute-counts"
  description      = "Runs counts on cron */15 * * * * (Etc/UTC)"
  schedule         = "*/15 * * * *"
  time_zone        = "Etc/UTC"
  attempt_deadline = "60s"
  retry_config {
    retry_count          = 2
    min_backoff_duration = "60s"
    max_backoff_duration = "120s"
    max_doublings        = 1
  }
  http_target {
    http_method = "POST"
    uri         = "https://dataflow.googleapis.com/v1b3/projects/avalo-prod/locations/europe-west1/flexTemplates:launch"
    headers     = { "Content-Type" = "application/json" }
    body        = base64encode(<<-BODY
      {
        "launchParameter" : {
          "jobName" : "avalo-precompute-counts",
          "containerSpecGcsPath" : "gs://avalo-prod-dataflow/templates/avalo-precompute.json",
          "parameters" : {
            "schedule" : "counts",
            "scheduleCron" : "*/15 * * * *",
            "scheduleTimeZone" : "Etc/UTC",
            "expiryGrace" : "PT30M",
            "expiryTicks" : "3",
            "maxRunTime" : "PT1H",
            "jobs" : "counts",
            "source" : "firestore",
            "store" : "firestore",
            "firestoreProject" : "avalo-prod",
            "stateLocation" : "gs://avalo-prod-dataflow/state"
          },
          "environment" : {
            "numWorkers" : 1,
            "maxWorkers" : 4,
            "machineType" : "n2-standard-2",
            "serviceAccountEmail" : "precompute-runner@avalo-prod.iam.gserviceaccount.com",
            "tempLocation" : "gs://avalo-prod-dataflow/temp",
            "additionalUserLabels" : {
              "app" : "avalo-precompute",
              "schedule" : "counts"
            }
          }
        }
      }
    BODY
    )
    oauth_token {
      service_account_email = "precompute-scheduler@avalo-prod.iam.gserviceaccount.com"
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }
  # Every launch reads the ledger's recent windows through its composite index: no tick
  # before it is built.
  depends_on = [terraform_data.flex_template, google_firestore_index.precompute_runs_schedule_windowStart]
}

resource "google_cloud_scheduler_job" "user_stats" {
  project          = "avalo-prod"
  region           = "europe-west1"
  name             = "avalo-precompute-user-stats"
  description      = "Runs user-stats on cron 7,37 * * * * (Etc/UTC)"
  schedule         = "7,37 * * * *"
  time_zone        = "Etc/UTC"
  attempt_deadline = "60s"
  retry_config {
    retry_count          = 2
    min_backoff_duration = "60s"
    max_backoff_duration = "120s"
    max_doublings        = 1
  }
  http_target {
    http_method = "POST"
    uri         = "https://dataflow.googleapis.com/v1b3/projects/avalo-prod/locations/europe-west1/flexTemplates:launch"
    headers     = { "Content-Type" = "application/json" }
    body        = base64encode(<<-BODY
      {
        "launchParameter" : {
          "jobName" : "avalo-precompute-user-stats",
          "containerSpecGcsPath" : "gs://avalo-prod-dataflow/templates/avalo-precompute.json",
          "parameters" : {
            "schedule" : "user-stats",
            "scheduleCron" : "7,37 * * * *",
            "scheduleTimeZone" : "Etc/UTC",
            "expiryGrace" : "PT30M",
            "expiryTicks" : "3",
            "maxRunTime" : "PT1H",
            "jobs" : "user-stats",
            "source" : "firestore",
            "store" : "firestore",
            "firestoreProject" : "avalo-prod",
            "stateLocation" : "gs://avalo-prod-dataflow/state"
          },
          "environment" : {
            "numWorkers" : 1,
            "maxWorkers" : 4,
            "machineType" : "n2-standard-2",
            "serviceAccountEmail" : "precompute-runner@avalo-prod.iam.gserviceaccount.com",
            "tempLocation" : "gs://avalo-prod-dataflow/temp",
            "additionalUserLabels" : {
              "app" : "avalo-precompute",
              "schedule" : "user-stats"
            }
          }
        }
      }
    BODY
    )
    oauth_token {
      service_account_email = "precompute-scheduler@avalo-prod.iam.gserviceaccount.com"
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }
  # Every launch reads the ledger's recent windows through its composite index: no tick
  # before it is built.
  depends_on = [terraform_data.flex_template, google_firestore_index.precompute_runs_schedule_windowStart]
}

resource "google_cloud_scheduler_job" "matches" {
  project          = "avalo-prod"
  region           = "europe-west1"
  name             = "avalo-precompute-matches"
  description      = "Runs matches on cron 5-59/10 * * * * (Etc/UTC)"
  schedule         = "5-59/10 * * * *"
  time_zone        = "Etc/UTC"
  attempt_deadline = "60s"
  retry_config {
    retry_count          = 2
    min_backoff_duration = "60s"
    max_backoff_duration = "120s"
    max_doublings        = 1
  }
  http_target {
    http_method = "POST"
    uri         = "https://dataflow.googleapis.com/v1b3/projects/avalo-prod/locations/europe-west1/flexTemplates:launch"
    headers     = { "Content-Type" = "application/json" }
    body        = base64encode(<<-BODY
      {
        "launchParameter" : {
          "jobName" : "avalo-precompute-matches",
          "containerSpecGcsPath" : "gs://avalo-prod-dataflow/templates/avalo-precompute.json",
          "parameters" : {
            "schedule" : "matches",
            "scheduleCron" : "5-59/10 * * * *",
            "scheduleTimeZone" : "Etc/UTC",
            "expiryGrace" : "PT30M",
            "expiryTicks" : "3",
            "maxRunTime" : "PT1H",
            "jobs" : "matches",
            "source" : "firestore",
            "store" : "firestore",
            "firestoreProject" : "avalo-prod",
            "stateLocation" : "gs://avalo-prod-dataflow/state"
          },
          "environment" : {
            "numWorkers" : 1,
            "maxWorkers" : 4,
            "machineType" : "n2-standard-2",
            "serviceAccountEmail" : "precompute-runner@avalo-prod.iam.gserviceaccount.com",
            "tempLocation" : "gs://avalo-prod-dataflow/temp",
            "additionalUserLabels" : {
              "app" : "avalo-precompute",
              "schedule" : "matches"
            }
          }
        }
      }
    BODY
    )
    oauth_token {
      service_account_email = "precompute-scheduler@avalo-prod.iam.gserviceaccount.com"
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }
  # Every launch reads the ledger's recent windows through its composite index: no tick
  # before it is built.
  depends_on = [terraform_data.flex_template, google_firestore_index.precompute_runs_schedule_windowStart]
}

resource "google_cloud_scheduler_job" "feeds" {
  project          = "avalo-prod"
  region           = "europe-west1"
  name             = "avalo-precompute-feeds"
  description      = "Runs feeds on cron 20 */6 * * * (Etc/UTC)"
  schedule         = "20 */6 * * *"
  time_zone        = "Etc/UTC"
  attempt_deadline = "60s"
  retry_config {
    retry_count          = 2
    min_backoff_duration = "60s"
    max_backoff_duration = "120s"
    max_doublings        = 1
  }
  http_target {
    http_method = "POST"
    uri         = "https://dataflow.googleapis.com/v1b3/projects/avalo-prod/locations/europe-west1/flexTemplates:launch"
    headers     = { "Content-Type" = "application/json" }
    body        = base64encode(<<-BODY
      {
        "launchParameter" : {
          "jobName" : "avalo-precompute-feeds",
          "containerSpecGcsPath" : "gs://avalo-prod-dataflow/templates/avalo-precompute.json",
          "parameters" : {
            "schedule" : "feeds",
            "scheduleCron" : "20 */6 * * *",
            "scheduleTimeZone" : "Etc/UTC",
            "expiryGrace" : "PT1H",
            "expiryTicks" : "3",
            "maxRunTime" : "PT2H",
            "jobs" : "feeds",
            "source" : "firestore",
            "store" : "firestore",
            "firestoreProject" : "avalo-prod",
            "stateLocation" : "gs://avalo-prod-dataflow/state"
          },
          "environment" : {
            "numWorkers" : 1,
            "maxWorkers" : 10,
            "machineType" : "n2-highmem-4",
            "serviceAccountEmail" : "precompute-runner@avalo-prod.iam.gserviceaccount.com",
            "tempLocation" : "gs://avalo-prod-dataflow/temp",
            "additionalUserLabels" : {
              "app" : "avalo-precompute",
              "schedule" : "feeds"
            }
          }
        }
      }
    BODY
    )
    oauth_token {
      service_account_email = "precompute-scheduler@avalo-prod.iam.gserviceaccount.com"
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }
  # Every launch reads the ledger's recent windows through its composite index: no tick
  # before it is built.
  depends_on = [terraform_data.flex_template, google_firestore_index.precompute_runs_schedule_windowStart]
}

resource "google_cloud_scheduler_job" "analytics" {
  project          = "avalo-prod"
  region           = "europe-west1"
  name             = "avalo-precompute-analytics"
  description      = "Runs analytics on cron 5 * * * * (Etc/UTC)"
  schedule         = "5 * * * *"
  time_zone        = "Etc/UTC"
  attempt_deadline = "60s"
  retry_config {
    retry_count          = 2
    min_backoff_duration = "60s"
    max_backoff_duration = "120s"
    max_doublings        = 1
  }
  http_target {
    http_method = "POST"
    uri         = "https://dataflow.googleapis.com/v1b3/projects/avalo-prod/locations/europe-west1/flexTemplates:launch"
    headers     = { "Content-Type" = "application/json" }
    body        = base64encode(<<-BODY
      {
        "launchParameter" : {
          "jobName" : "avalo-precompute-analytics",
          "containerSpecGcsPath" : "gs://avalo-prod-dataflow/templates/avalo-precompute.json",
          "parameters" : {
            "schedule" : "analytics",
            "scheduleCron" : "5 * * * *",
            "scheduleTimeZone" : "Etc/UTC",
            "expiryGrace" : "PT30M",
            "expiryTicks" : "3",
            "maxRunTime" : "PT1H",
            "jobs" : "analytics",
            "source" : "firestore",
            "store" : "firestore",
            "firestoreProject" : "avalo-prod",
            "stateLocation" : "gs://avalo-prod-dataflow/state",
            "lateBuckets" : "2",
            "periods" : "hour,day,week,month"
          },
          "environment" : {
            "numWorkers" : 1,
            "maxWorkers" : 4,
            "machineType" : "n2-standard-2",
            "serviceAccountEmail" : "precompute-runner@avalo-prod.iam.gserviceaccount.com",
            "tempLocation" : "gs://avalo-prod-dataflow/temp",
            "additionalUserLabels" : {
              "app" : "avalo-precompute",
              "schedule" : "analytics"
            }
          }
        }
      }
    BODY
    )
    oauth_token {
      service_account_email = "precompute-scheduler@avalo-prod.iam.gserviceaccount.com"
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }
  # Every launch reads the ledger's recent windows through its composite index: no tick
  # before it is built.
  depends_on = [terraform_data.flex_template, google_firestore_index.precompute_runs_schedule_windowStart]
}

resource "google_cloud_scheduler_job" "profiles" {
  project          = "avalo-prod"
  region           = "europe-west1"
  name             = "avalo-precompute-profiles"
  description      = "Runs profiles on cron 40 2 * * * (Etc/UTC)"
  schedule         = "40 2 * * *"
  time_zone        = "Etc/UTC"
  attempt_deadline = "60s"
  retry_config {
    retry_count          = 2
    min_backoff_duration = "60s"
    max_backoff_duration = "120s"
    max_doublings        = 1
  }
  http_target {
    http_method = "POST"
    uri         = "https://dataflow.googleapis.com/v1b3/projects/avalo-prod/locations/europe-west1/flexTemplates:launch"
    headers     = { "Content-Type" = "application/json" }
    body        = base64encode(<<-BODY
      {
        "launchParameter" : {
          "jobName" : "avalo-precompute-profiles",
          "containerSpecGcsPath" : "gs://avalo-prod-dataflow/templates/avalo-precompute.json",
          "parameters" : {
            "schedule" : "profiles",
            "scheduleCron" : "40 2 * * *",
            "scheduleTimeZone" : "Etc/UTC",
            "expiryGrace" : "PT2H",
            "expiryTicks" : "3",
            "maxRunTime" : "PT1H",
            "jobs" : "profiles",
            "source" : "firestore",
            "store" : "firestore",
            "firestoreProject" : "avalo-prod",
            "stateLocation" : "gs://avalo-prod-dataflow/state"
          },
          "environment" : {
            "numWorkers" : 1,
            "maxWorkers" : 4,
            "machineType" : "n2-standard-2",
            "serviceAccountEmail" : "precompute-runner@avalo-prod.iam.gserviceaccount.com",
            "tempLocation" : "gs://avalo-prod-dataflow/temp",
            "additionalUserLabels" : {
              "app" : "avalo-precompute",
              "schedule" : "profiles"
            }
          }
        }
      }
    BODY
    )
    oauth_token {
      service_account_email = "precompute-scheduler@avalo-prod.iam.gserviceaccount.com"
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }
  # Every launch reads the ledger's recent windows through its composite index: no tick
  # before it is built.
  depends_on = [terraform_data.flex_template, google_firestore_index.precompute_runs_schedule_windowStart]
}
