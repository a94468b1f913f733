package com.avalo.precompute.counts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.chats.ChatsJob;
import com.avalo.precompute.io.JobChecks;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.schemas.CountResult;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import com.avalo.precompute.userstats.UserStatsJob;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CountsJobTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void aMessageFromANonParticipantIsNotCountedAndIsOneDeadLetterOfTheRun() throws Exception {
    // In the bad fixture's chat c1 (alice01, bob02) on 2026-11-02: three messages of its
    // participants, one from carol03, and one to a chat that does not exist.
    Path db = temp.getRoot().toPath().resolve("cache.db");
    List<PrecomputeJob> jobs = List.of(new CountsJob(), new ChatsJob(), new UserStatsJob());
    PrecomputeOptions options = PrecomputeRunner.parseOptions(jobs, new String[] {
        "--input=src/test/resources/fixtures/bad", "--store=sqlite:" + db,
        "--asOf=2026-11-02T23:00:00Z", "--runId=r1"});

    RunSummary summary = PrecomputeRunner.run(jobs, options);

    assertEquals(2L, (long) summary.deadLettered().get("messages"));
    try (SqliteCacheStore store = SqliteCacheStore.open(db)) {
      CountResult messagesToday = store.get("count:messages:sentAt=2026-11-02").orElseThrow()
          .payloadAs(CountResult.class);
      assertEquals(3, messagesToday.count());
    }
  }

  @Test
  public void defaultsToTheBundledConfigAndValidatesIt() {
    CountsOptions options = PipelineOptionsFactory.create().as(CountsOptions.class);
    assertEquals("classpath:counts/queries.json", options.getCountsConfig());
    JobChecks.validate(new CountsJob(), options);
    assertEquals("counts", new CountsJob().name());
  }

  @Test
  public void validateStopsOnABrokenConfigWithOneLine() {
    CountsOptions options = PipelineOptionsFactory
        .fromArgs("--countsConfig=/no/such/queries.json").as(CountsOptions.class);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JobChecks.validate(new CountsJob(), options));
    assertTrue(e.getMessage(),
        e.getMessage().startsWith("counts config /no/such/queries.json: cannot read it"));
  }
}
