package com.avalo.precompute.schedule;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.serving.store.AttemptKey;
import com.avalo.precompute.serving.store.Lease;
import com.avalo.precompute.serving.store.LeaseRequest;
import com.avalo.precompute.serving.store.RunCounts;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.StoreSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The local scheduler's choice of windows, on a fake clock and a real (SQLite) ledger: the latest
 * window first, missed ones caught up oldest first up to the limit, failures and dead leases run
 * again, and a restart goes on from what the ledger remembers.
 */
public class LocalSchedulerTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  private static final List<Schedule> SCHEDULES = new SchedulesReader(Jobs.all())
      .read("test.yaml", SchedulesFixture.VALID, Map.of()).schedules();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:07:00Z"));
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final List<String> ran = new ArrayList<>();
  private final Set<String> failing = new HashSet<>();
  private RunLedger ledger;

  @Before
  public void openLedger() {
    ledger = StoreSpec.sqlite(dir.getRoot().toPath().resolve("cache.db")).openLedger();
  }

  @After
  public void closeLedger() {
    ledger.close();
  }

  /** The window rules common to every schedule, as for one whose windows each write their own. */
  private LocalScheduler scheduler(int maxCatchUp) {
    return scheduler(maxCatchUp, schedule -> false);
  }

  /** As the scheduler command makes it: chats superseding, analytics each window its own. */
  private LocalScheduler asTheCommandDoes(int maxCatchUp) {
    return scheduler(maxCatchUp, schedule -> Jobs.named(schedule.jobNames()).stream()
        .allMatch(PrecomputeJob::newerWindowsSupersede));
  }

  private LocalScheduler scheduler(int maxCatchUp, Predicate<Schedule> superseding) {
    return new LocalScheduler(SCHEDULES, superseding, ledger, maxCatchUp, clock,
        new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  /** Runs a window as a launch would: takes the lease, then records success or failure. */
  private boolean run(Schedule schedule, ScheduleWindow window) {
    String name = schedule.name() + "@" + window.start();
    ran.add(name);
    Lease lease = ledger.acquire(new LeaseRequest(schedule.name(), window.start(), window.end(),
        UUID.randomUUID().toString(), "test", schedule.jobNames(), window.end(), clock.instant(),
        Duration.ofMinutes(30), false));
    if (!(lease instanceof Lease.Granted granted)) {
      return true;
    }
    AttemptKey key = AttemptKey.of(granted.record(), granted.attempt());
    if (failing.contains(name)) {
      ledger.fail(key, "broken input", clock.instant());
      return false;
    }
    ledger.succeed(key, RunCounts.NONE, clock.instant());
    return true;
  }

  @Test
  public void aScheduleNeverRunStartsWithItsLatestWindowOldestFirstAcrossSchedules() {
    assertEquals(0, scheduler(3).runDue(this::run, () -> false));
    // analytics' latest window ends 10:05, chats' at 10:00: the older end first.
    assertEquals(List.of("chats@2026-11-20T09:50:00Z", "analytics@2026-11-20T09:05:00Z"), ran);
    ran.clear();
    assertEquals(0, scheduler(3).runDue(this::run, () -> false));
    assertEquals("a restart with nothing new runs nothing", List.of(), ran);
  }

  @Test
  public void missedWindowsAreCaughtUpNewestUpToTheLimitOldestFirst() {
    scheduler(3).runDue(this::run, () -> false);
    ran.clear();
    clock.set(Instant.parse("2026-11-20T11:01:00Z")); // chats missed 10:00 .. 10:50
    scheduler(3).runDue(this::run, () -> false);
    // The newest three windows of chats, oldest first; analytics' latest is done already.
    assertEquals(List.of("chats@2026-11-20T10:30:00Z", "chats@2026-11-20T10:40:00Z",
        "chats@2026-11-20T10:50:00Z"), ran);
    assertTrue(printed.toString(StandardCharsets.UTF_8),
        printed.toString(StandardCharsets.UTF_8).contains("schedule 'chats': skipping 3 missed windows"
            + " before 2026-11-20T10:30:00Z (--max-catch-up 3)"));
  }

  @Test
  public void aSupersedingScheduleCatchesUpOnlyItsNewestWindowAndAnalyticsEveryOne() {
    asTheCommandDoes(3).runDue(this::run, () -> false);
    ran.clear();
    clock.set(Instant.parse("2026-11-20T13:06:00Z")); // both missed three windows and more
    asTheCommandDoes(3).runDue(this::run, () -> false);
    assertEquals(List.of("analytics@2026-11-20T10:05:00Z", "analytics@2026-11-20T11:05:00Z",
        "chats@2026-11-20T12:50:00Z", "analytics@2026-11-20T12:05:00Z"), ran);
    assertTrue(printed.toString(StandardCharsets.UTF_8), printed.toString(StandardCharsets.UTF_8)
        .contains("schedule 'chats': not running 2026-11-20T12:30:00Z (missed),"
            + " 2026-11-20T12:40:00Z (missed): window 2026-11-20T12:50:00Z supersedes them"));
  }

  @Test
  public void aFailedWindowOfASupersedingScheduleIsNotRunAfterANewerOneSucceeded() {
    failing.add("chats@2026-11-20T09:50:00Z");
    asTheCommandDoes(3).runDue(this::run, () -> false);
    failing.clear();
    clock.set(Instant.parse("2026-11-20T10:10:30Z"));
    asTheCommandDoes(3).runDue(this::run, () -> false); // 10:00 runs, not the failed 09:50
    ran.clear();
    clock.set(Instant.parse("2026-11-20T10:15:30Z"));
    asTheCommandDoes(3).runDue(this::run, () -> false);
    assertEquals("the failed 09:50 would only put older chat lists back", List.of(), ran);
    assertTrue(printed.toString(StandardCharsets.UTF_8), printed.toString(StandardCharsets.UTF_8)
        .contains("not running 2026-11-20T09:50:00Z (retry): a newer window that succeeded or is"
            + " running supersedes it"));
  }

  @Test
  public void aFailedWindowRunsAgainAtTheNextPassWhileAmongTheRecentOnes() {
    failing.add("chats@2026-11-20T09:50:00Z");
    assertEquals(1, scheduler(3).runDue(this::run, () -> false));
    failing.clear();
    ran.clear();
    clock.set(Instant.parse("2026-11-20T10:10:30Z"));
    assertEquals(0, scheduler(3).runDue(this::run, () -> false));
    assertEquals(List.of("chats@2026-11-20T09:50:00Z", "chats@2026-11-20T10:00:00Z"), ran);
  }

  @Test
  public void aRunThatDiedIsRunAgainOnceItsLeaseRunsOutAndALiveOneIsLeftAlone() {
    ScheduleWindow window = SCHEDULES.get(0).cadence().latestWindow(clock.instant());
    ledger.acquire(new LeaseRequest("chats", window.start(), window.end(), "victim", "test",
        List.of("chats"), window.end(), clock.instant(), Duration.ofMinutes(30), false));
    clock.set(clock.instant().plus(Duration.ofMinutes(29)));
    List<LocalScheduler.DueWindow> due = scheduler(10).due(clock.instant());
    assertEquals(List.of(), due.stream().filter(d -> d.window().equals(window)).toList());
    clock.set(clock.instant().plus(Duration.ofMinutes(1)));
    due = scheduler(10).due(clock.instant());
    assertEquals("lease expired", due.stream().filter(d -> d.window().equals(window)).findFirst()
        .orElseThrow().why());
  }

  @Test
  public void theLoopSleepsUntilTheNextTickAndStopsWhenAsked() throws Exception {
    List<Instant> sleptUntil = new ArrayList<>();
    scheduler(3).loop(this::run, when -> {
      sleptUntil.add(when);
      clock.set(when);
    }, () -> sleptUntil.size() >= 3);
    assertEquals(List.of(Instant.parse("2026-11-20T10:10:00Z"), Instant.parse("2026-11-20T10:20:00Z"),
        Instant.parse("2026-11-20T10:30:00Z")), sleptUntil);
    assertEquals(List.of("chats@2026-11-20T09:50:00Z", "analytics@2026-11-20T09:05:00Z",
        "chats@2026-11-20T10:00:00Z", "chats@2026-11-20T10:10:00Z"), ran);
  }

  /**
   * Ticks that pass while a pass runs are acted on when it ends: the loop slept until the first
   * tick after the pass, so a window due during a long run waited up to a whole cadence more.
   */
  @Test
  public void windowsThatFellDueDuringALongPassRunWithoutSleeping() throws Exception {
    List<List<String>> ranBeforeEachSleep = new ArrayList<>();
    scheduler(3).loop((schedule, window) -> {
      boolean ok = run(schedule, window);
      if (ran.size() == 1) {
        clock.set(clock.instant().plus(Duration.ofMinutes(25))); // 10:07 -> 10:32
      }
      return ok;
    }, when -> {
      ranBeforeEachSleep.add(List.copyOf(ran));
      clock.set(when);
    }, () -> !ranBeforeEachSleep.isEmpty());
    assertEquals("the chats windows ending at 10:10, 10:20 and 10:30 ran before the loop slept",
        List.of("chats@2026-11-20T09:50:00Z", "analytics@2026-11-20T09:05:00Z",
            "chats@2026-11-20T10:00:00Z", "chats@2026-11-20T10:10:00Z",
            "chats@2026-11-20T10:20:00Z"),
        ranBeforeEachSleep.get(0));
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant value) {
      now = value;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
