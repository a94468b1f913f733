package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.report.RunHistory;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Path;
import org.junit.Test;

/** Where {@code report} looks for the runs started by hand, store by store. */
public class ReportRunsByHandTest {

  @Test
  public void aSqliteStoresRunsAreTheDeadLetterFilesNextToIt() {
    RunHistory history = ReportCommand.runsByHand(
        StoreSpec.parse("sqlite:/tmp/report-runs/cache.db", null, null), "");
    assertThat(history.describe(), containsString("/tmp/report-runs/dead-letters"));
  }

  @Test
  public void aFirestoreStoreListsNoLocalFilesUnlessToldWhere() {
    StoreSpec firestore = StoreSpec.parse("firestore", "demo", "127.0.0.1:1");
    RunHistory history = ReportCommand.runsByHand(firestore, "");
    // Not out/dead-letters under the current directory: those are another store's runs.
    assertTrue(history.newest(10).isEmpty());
    assertEquals(1, history.limitations().size());
    assertThat(history.limitations().get(0),
        containsString("keep their dead letters in Firestore, which this report does not read"));

    RunHistory told = ReportCommand.runsByHand(firestore, "/tmp/report-runs/letters");
    assertThat(told.describe(), containsString(Path.of("/tmp/report-runs/letters").toString()));
  }
}
