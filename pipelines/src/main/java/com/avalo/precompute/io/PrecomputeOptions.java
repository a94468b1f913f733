package com.avalo.precompute.io;

import com.avalo.precompute.incremental.FirestorePrices;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options every job shares: where to read, where to write, and the snapshot time. Each job extends
 * this with its own options interface. Firestore's project and emulator come from Beam's
 * {@link FirestoreOptions} ({@code --firestoreProject}, {@code --emulatorHost}), because
 * FirestoreIO ignores the {@code FIRESTORE_EMULATOR_HOST} variable.
 *
 * <p>{@code --store}, {@code --asOf}, {@code --runId}, {@code --freshFor} and
 * {@code --deadLetterDir} are the Beam spellings of the run's settings, for a launcher handed
 * Beam-style arguments: {@link RunSettings#from} reads them, and nothing else does. The CLI and a
 * scheduler pass {@link RunSettings} typed instead, leaving these at their defaults.
 */
public interface PrecomputeOptions extends FirestoreOptions {

  @Description("Where the app's data is read from: 'files' (an NDJSON export, see --input) or"
      + " 'firestore' (the project given by --firestoreProject, or --emulatorHost)")
  @Default.String("files")
  String getSource();

  void setSource(String value);

  @Description("Directory of the NDJSON export (users.ndjson, likes.ndjson, ...) for --source=files")
  @Default.String("out/seed")
  String getInput();

  void setInput(String value);

  @Description("Where cache documents are written: sqlite:PATH (the embedded default) or"
      + " firestore[:PROJECT]")
  @Default.String("sqlite:out/cache.db")
  String getStore();

  void setStore(String value);

  @Description("Snapshot time the documents are computed as of (RFC 3339, e.g. 2026-11-20T00:00:00Z,"
      + " or a date); empty means now. Reruns with the same value write the same content.")
  @Default.String("")
  String getAsOf();

  void setAsOf(String value);

  @Description("Identifier of this run, stamped on every document; empty means generated")
  @Default.String("")
  String getRunId();

  void setRunId(String value);

  @Description("Directory for dead-letter files of local runs; empty means next to the sqlite store."
      + " Firestore runs write dead letters to --deadLetterCollection.")
  @Default.String("")
  String getDeadLetterDir();

  void setDeadLetterDir(String value);

  @Description("Firestore collection that receives dead letters when --store=firestore")
  @Default.String("precompute_dead_letters")
  String getDeadLetterCollection();

  void setDeadLetterCollection(String value);

  @Description("How long written documents stay fresh (ISO-8601 duration, e.g. PT6H); empty means"
      + " each type's default")
  @Default.String("")
  String getFreshFor();

  void setFreshFor(String value);

  @Description("Where run manifests and the state file that finds them are kept: a directory or a"
      + " gs:// prefix; empty means next to the sqlite store (required with --store=firestore)")
  @Default.String("")
  String getStateLocation();

  void setStateLocation(String value);

  @Description("Diff against the job's documents read from the store (one read of their keys)"
      + " instead of the last run's manifest: after drift such as TTL deletes, or documents"
      + " deleted or re-stamped by hand")
  @Default.Boolean(false)
  boolean getFull();

  void setFull(boolean value);

  @Description("Firestore prices in dollars per 100,000 operations, for the run's cost estimate")
  @Default.String(FirestorePrices.DEFAULT_TEXT)
  String getFirestorePrices();

  void setFirestorePrices(String value);

  @Description("Workers that write to Firestore at once, for FirestoreIO's throttle; 0 means"
      + " --maxNumWorkers on Dataflow, else 1 (FirestoreIO's own default assumes 500)")
  @Default.Integer(0)
  int getFirestoreWriteWorkers();

  void setFirestoreWriteWorkers(int value);

  // Beam's own defaults, kept: they ride out a short contention or overload (ABORTED, UNAVAILABLE,
  // RESOURCE_EXHAUSTED) with at most 60 s of backoff in all. They cannot bound a store that is
  // gone: FirestoreIO's calls carry no deadline, so --storeDownAfterSeconds does that.
  @Description("Attempts FirestoreIO makes at each Firestore read or write call before the run"
      + " fails (1 to 5)")
  @Default.Integer(5)
  int getFirestoreMaxAttempts();

  void setFirestoreMaxAttempts(int value);

  @Description("Seconds FirestoreIO waits before retrying a failed call, growing 1.5 times per"
      + " attempt (5 to 120)")
  @Default.Integer(5)
  int getFirestoreRetryBackoffSeconds();

  void setFirestoreRetryBackoffSeconds(int value);

  // 30 s: longer than a blip the writes' own retries ride out, short enough that a run whose
  // store is gone ends within about a minute (first failed probe, 30 s, a probe more) instead of
  // waiting out FirestoreIO's deadline-less calls (a killed emulator: 317 s). At least three
  // probes must fail in a row (StoreOutage), so one slow answer on a busy machine does not count.
  @Description("Fail a run whose store (Firestore) has answered no probe for this many seconds"
      + " while the run went on; 0 waits for the engine to give up instead")
  @Default.Integer(30)
  int getStoreDownAfterSeconds();

  void setStoreDownAfterSeconds(int value);

  // Each probe opens a client and reads one missing document (at most 10 s; one billed read).
  @Description("Seconds between probes of the store while a run goes on (see --storeDownAfterSeconds)")
  @Default.Integer(10)
  int getStoreProbeSeconds();

  void setStoreProbeSeconds(int value);

  @Description("Split each Firestore collection read into this many partitions with PartitionQuery"
      + " (not supported by the emulator); 0 reads each collection with one query")
  @Default.Integer(0)
  int getFirestoreReadPartitions();

  void setFirestoreReadPartitions(int value);

  @Description("Drop repeated ids in every collection of a file export (likes, messages and events"
      + " too, as users, chats and the others always are): a record given twice is counted once and"
      + " its copy dead-lettered. Off by default: they are most of an export's records, and grouping"
      + " them made 'run all' 1.43-1.44 times as long at 100,000 users (bench/scale/RESULTS.md,"
      + " stop 38). Use it on an export that may hold a file twice")
  @Default.Boolean(false)
  boolean getDedupeAllCollections();

  void setDedupeAllCollections(boolean value);

  @Description("Fail the run before its first write when more than this share of its users (0 to"
      + " 1) fail to parse, as after the app changed a field's type: their documents would be"
      + " deleted as no longer produced. A run with no user parsed always fails")
  @Default.Double(0.5)
  double getMaxRefusedUserShare();

  void setMaxRefusedUserShare(double value);

  @Description("Fail the run before its first write when more than this share of the records of a"
      + " collection other than users (0 to 1) fail to parse, as after the app changed a field's"
      + " type: the run would publish documents without them (token balances without their"
      + " purchases, chat lists without their chats)")
  @Default.Double(0.5)
  double getMaxRefusedRecordShare();

  void setMaxRefusedRecordShare(double value);

  @Description("Users count as active for discovery and counts when last active within this many days")
  @Default.Integer(30)
  int getActiveWindowDays();

  void setActiveWindowDays(int value);
}
