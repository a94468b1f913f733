package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.time.Duration;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

/**
 * The ledger in Firestore, on the emulator: the shared contract (each test in a project of its
 * own), and the fields a TTL policy and people read. Runs when FIRESTORE_EMULATOR_HOST is set.
 */
public class FirestoreRunLedgerIT extends RunLedgerContract {
  private String host;
  private String project;

  @Before
  public void setUp() {
    host = System.getenv("FIRESTORE_EMULATOR_HOST");
    assumeTrue("FIRESTORE_EMULATOR_HOST is not set: no emulator to test against",
        host != null && !host.isBlank() && !host.startsWith("${"));
    project = "ledger-" + Long.toHexString(System.nanoTime());
  }

  @Override
  protected RunLedger connect() {
    return StoreSpec.firestore(project, host).openLedger();
  }

  @Test
  public void theRecordKeepsATimestampForTheTtlPolicyAndItsAttemptsAsOneString() throws Exception {
    ledger().acquire(new LeaseRequest("chats", LeaseRulesTest.START, LeaseRulesTest.END, "r1", "me",
        List.of("chats"), LeaseRulesTest.END, LeaseRulesTest.T0, Duration.ofMinutes(1), false));
    try (Firestore client = FirestoreCacheStore.client(project, host)) {
      DocumentSnapshot snapshot = client.collection(FirestoreRunLedger.COLLECTION)
          .document("chats__20261120T100000Z").get().get();
      assertEquals(Timestamp.parseTimestamp("2027-02-18T10:10:00Z"),
          snapshot.getTimestamp(FirestoreRunLedger.EXPIRES_AT));
      assertEquals("RUNNING", snapshot.getString(FirestoreRunLedger.STATE));
      assertEquals(Long.valueOf(1), snapshot.getLong(FirestoreRunLedger.ATTEMPT));
      assertTrue(snapshot.get(FirestoreRunLedger.ATTEMPTS) instanceof String);
    }
  }

  @Test
  public void anUnreachableLedgerIsOneClearError() {
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
        () -> StoreSpec.firestore(project, "127.0.0.1:1").openLedger());
    assertTrue(e.getMessage(), e.getMessage().startsWith(
        "cannot reach the run ledger firestore:" + project + "/precompute_runs (emulator 127.0.0.1:1)"));
  }
}
