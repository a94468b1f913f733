package com.avalo.precompute.schedule;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.io.PrecomputeJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The shipped schedules file reads clean and covers every job once. */
public class BundledSchedulesTest {

  @Test
  public void theBundledFileIsValidAndRunsEveryJobOnce() {
    SchedulesFile file = new SchedulesReader(Jobs.all()).load(SchedulesReader.BUNDLED, Map.of());
    List<String> scheduled = file.schedules().stream().flatMap(s -> s.jobNames().stream()).sorted().toList();
    assertEquals(Jobs.all().stream().map(PrecomputeJob::name).sorted().toList(), scheduled);
    assertEquals(List.of("chats", "counts", "user-stats", "matches", "feeds", "analytics", "profiles"),
        file.schedules().stream().map(Schedule::name).toList());
  }

  @Test
  public void variablesAreFilledForAProject() {
    SchedulesFile file = new SchedulesReader(Jobs.all()).load(SchedulesReader.BUNDLED,
        Map.of("project", "avalo-prod", "region", "europe-west1"));
    Schedule feeds = file.schedule("feeds").orElseThrow();
    assertEquals("avalo-prod", feeds.firestoreProject());
    assertEquals("europe-west1", feeds.environment().region());
    assertEquals("gs://avalo-prod-dataflow/temp", feeds.environment().tempLocation());
    // Its own environment keys override the defaults, the others are inherited.
    assertEquals(10, feeds.environment().maxWorkers());
    assertEquals(1, feeds.environment().numWorkers());
    assertEquals(Duration.ofHours(1), feeds.expiryGrace());
    assertEquals(Duration.ofHours(2), feeds.maxRunTime());
    Schedule chats = file.schedule("chats").orElseThrow();
    assertEquals(Duration.ofHours(1), chats.maxRunTime());
    assertEquals("unchanged documents are rewritten every 3rd tick, not every tick", 3,
        chats.expiryTicks());
    assertEquals(Map.of("lateBuckets", "2", "periods", "hour,day,week,month"),
        file.schedule("analytics").orElseThrow().jobOptions());
    assertTrue(file.deployment().image().startsWith("europe-west1-docker.pkg.dev/avalo-prod/"));
  }
}
