package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The ledger in the embedded store's file: the shared contract, and living beside the documents. */
public class SqliteRunLedgerTest extends RunLedgerContract {
  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private Path file() {
    return folder.getRoot().toPath().resolve("cache.db");
  }

  @Override
  protected RunLedger connect() {
    return StoreSpec.sqlite(file()).openLedger();
  }

  @Test
  public void theLedgerIsATableOfTheCacheStoresFile() throws Exception {
    StoreSpec.sqlite(file()).open().close();
    ledger().acquire(new LeaseRequest("chats", LeaseRulesTest.START, LeaseRulesTest.END, "r1", "me",
        List.of("chats"), LeaseRulesTest.END, LeaseRulesTest.T0, Duration.ofMinutes(1), false));
    assertEquals(List.of("cache_documents", "precompute_runs"), SqliteFileFacts.tables(file()));
  }

  @Test
  public void anUnwritablePlaceIsOneClearError() throws Exception {
    Path notADirectory = folder.newFile("plain-file").toPath();
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
        () -> StoreSpec.sqlite(notADirectory.resolve("cache.db")).openLedger());
    assertTrue(e.getMessage(), e.getMessage().startsWith("cannot open the run ledger in "));
  }
}
