package com.avalo.precompute.schedule;

import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Optional;

/**
 * When a schedule fires: a 5-field unix-cron read on the wall clock of a tz-database zone, as
 * Cloud Scheduler reads it. A <em>tick</em> is every instant whose local wall time matches the
 * cron, so a wall time that a DST change skips has no tick and one it repeats has two (UTC has
 * neither). The window a tick computes runs from the tick before it to the tick itself.
 *
 * <p>cron-utils parses the expression and steps through matching <em>local</em> times (asked in
 * UTC, where no DST exists); java.time's zone rules turn those into instants, one offset segment
 * between two DST transitions at a time. cron-utils' own zoned stepping is not used because its
 * next and last disagree around a repeated hour (next fires a repeated 02:30 once, last finds the
 * second one), and windows built from them would not tile.
 */
public final class Cadence {
  /** Stops a search through zone transitions for a cron whose every match falls in a DST gap. */
  private static final int MAX_SEGMENTS = 10_000;
  /**
   * Bounds {@link #gaps}: a tick costs cron-utils about 20 microseconds, and a cron dense enough to
   * reach this many ticks (every 10 minutes: 139 days) shows its shortest and longest gaps long
   * before, since DST moves whole hours of such a cron together.
   */
  static final int MAX_GAPS = 20_000;
  private static final CronParser UNIX_CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(com.cronutils.model.CronType.UNIX));

  private final String cron;
  private final ZoneId zone;
  private final ZoneRules rules;
  private final ExecutionTime localTimes;

  private Cadence(String cron, ZoneId zone, ExecutionTime localTimes) {
    this.cron = cron;
    this.zone = zone;
    this.rules = zone.getRules();
    this.localTimes = localTimes;
  }

  /**
   * Parses a unix-cron expression (minute hour day-of-month month day-of-week; {@code *}, ranges,
   * steps, lists, JAN-DEC and SUN-SAT names; day-of-week 0 and 7 are Sunday).
   *
   * @throws IllegalArgumentException saying what is wrong with the expression or the zone
   */
  public static Cadence parse(String cron, String zone) {
    ZoneId zoneId = zone(zone);
    // One space between fields, as the template's regex for scheduleCron and Cloud Scheduler take it.
    String trimmed = cron == null ? "" : cron.trim().replaceAll("\\s+", " ");
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("cron is empty");
    }
    try {
      return new Cadence(trimmed, zoneId, ExecutionTime.forCron(UNIX_CRON.parse(trimmed).validate()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cron '" + trimmed + "' is not a 5-field unix-cron ("
          + e.getMessage().replaceFirst("^Failed to parse cron expression\\. ", "") + ")");
    }
  }

  /**
   * The tz-database zone named {@code zone}. Offsets and prefixed ids that java.time also reads
   * ({@code +01:00}, {@code Z}, {@code UT}, {@code GMT+1}) are refused: Cloud Scheduler's
   * {@code time_zone} takes tz-database names only, so a deploy would fail on them.
   *
   * @throws IllegalArgumentException saying what to write instead
   */
  public static ZoneId zone(String zone) {
    ZoneId zoneId;
    try {
      zoneId = ZoneId.of(zone);
    } catch (DateTimeException e) {
      zoneId = null;
    }
    if (zoneId == null || !ZoneId.getAvailableZoneIds().contains(zoneId.getId())) {
      throw new IllegalArgumentException("time zone '" + zone + "' is not a tz-database zone"
          + " (e.g. Etc/UTC, Europe/Warsaw; a fixed offset is Etc/GMT-1 for UTC+1)");
    }
    return zoneId;
  }

  /** The cron expression as written, trimmed, its fields one space apart. */
  public String cron() {
    return cron;
  }

  /** The zone whose wall clock the cron is read on. */
  public ZoneId zone() {
    return zone;
  }

  /** The first tick strictly after {@code instant}, or empty when the cron never fires again. */
  public Optional<Instant> nextTick(Instant instant) {
    Instant from = instant;
    boolean strict = true;
    for (int segment = 0; segment < MAX_SEGMENTS; segment++) {
      ZoneOffset offset = rules.getOffset(from);
      LocalDateTime local = LocalDateTime.ofInstant(from, offset);
      Optional<LocalDateTime> match = strict ? localAfter(local) : localAtOrAfter(local);
      if (match.isEmpty()) {
        return Optional.empty();
      }
      Instant candidate = match.get().toInstant(offset);
      ZoneOffsetTransition segmentEnd = rules.nextTransition(from);
      if (segmentEnd == null || candidate.isBefore(segmentEnd.getInstant())) {
        return Optional.of(candidate);
      }
      from = segmentEnd.getInstant();
      strict = false;
    }
    return Optional.empty();
  }

  /**
   * The {@code count}-th tick strictly after {@code instant} (1 is {@link #nextTick}), or empty
   * when the cron stops firing before then.
   */
  public Optional<Instant> tickAfter(Instant instant, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, not " + count);
    }
    Optional<Instant> tick = Optional.of(instant);
    for (int i = 0; i < count && tick.isPresent(); i++) {
      tick = nextTick(tick.get());
    }
    return tick;
  }

  /** The last tick at or before {@code instant}, or empty when the cron never fired before. */
  public Optional<Instant> latestTickAtOrBefore(Instant instant) {
    Instant bound = instant;
    boolean inclusive = true;
    for (int segment = 0; segment < MAX_SEGMENTS; segment++) {
      // Inclusive: the segment holding `bound`. Otherwise `bound` is a transition and the
      // segment is the one that ends just before it.
      ZoneOffset offset = rules.getOffset(inclusive ? bound : bound.minusNanos(1));
      ZoneOffsetTransition segmentStart = rules.previousTransition(inclusive ? bound.plusNanos(1) : bound);
      LocalDateTime local = LocalDateTime.ofInstant(bound, offset);
      Optional<LocalDateTime> match = inclusive ? localAtOrBefore(local) : localBefore(local);
      if (match.isEmpty()) {
        return Optional.empty();
      }
      Instant candidate = match.get().toInstant(offset);
      if (segmentStart == null || !candidate.isBefore(segmentStart.getInstant())) {
        return Optional.of(candidate);
      }
      bound = segmentStart.getInstant();
      inclusive = false;
    }
    return Optional.empty();
  }

  /** Whether the cron fires at exactly {@code instant}. */
  public boolean isTick(Instant instant) {
    return latestTickAtOrBefore(instant).filter(instant::equals).isPresent();
  }

  /**
   * The window the tick at {@code tick} computes: from the tick before it to {@code tick}.
   *
   * @throws IllegalArgumentException when {@code tick} is not a tick, or the cron never fired before it
   */
  public ScheduleWindow windowEndingAt(Instant tick) {
    requireTick(tick, "window end");
    Instant start = latestTickAtOrBefore(tick.minusNanos(1)).orElseThrow(() ->
        new IllegalArgumentException("cron '" + cron + "' has no tick before " + tick));
    return new ScheduleWindow(start, tick);
  }

  /**
   * The window starting at {@code start}, which the next tick computes.
   *
   * @throws IllegalArgumentException when {@code start} is not a tick, or the cron never fires after it
   */
  public ScheduleWindow windowStartingAt(Instant start) {
    requireTick(start, "window start");
    Instant end = nextTick(start).orElseThrow(() ->
        new IllegalArgumentException("cron '" + cron + "' has no tick after " + start));
    return new ScheduleWindow(start, end);
  }

  /** The window of the latest tick not after {@code now}: what a launch at {@code now} computes. */
  public ScheduleWindow latestWindow(Instant now) {
    Instant tick = latestTickAtOrBefore(now).orElseThrow(() ->
        new IllegalArgumentException("cron '" + cron + "' has no tick at or before " + now));
    return windowEndingAt(tick);
  }

  /**
   * The shortest and longest time between consecutive ticks that start from {@code from} to
   * {@code from + horizon} (at least the first gap, however far it reaches, and at most
   * {@link #MAX_GAPS}), or empty when the cron fires fewer than twice from {@code from} on.
   */
  public Optional<Gaps> gaps(Instant from, Duration horizon) {
    Instant end = from.plus(horizon);
    Optional<Instant> tick = nextTick(from.minusNanos(1));
    Duration shortest = null;
    Duration longest = null;
    for (int measured = 0; tick.isPresent() && measured < MAX_GAPS; measured++) {
      Optional<Instant> next = nextTick(tick.get());
      if (next.isEmpty()) {
        break;
      }
      Duration gap = Duration.between(tick.get(), next.get());
      shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
      longest = longest == null || gap.compareTo(longest) > 0 ? gap : longest;
      tick = next.get().isAfter(end) ? Optional.empty() : next;
    }
    return shortest == null ? Optional.empty() : Optional.of(new Gaps(shortest, longest));
  }

  /** The shortest and longest time between two consecutive ticks. */
  public record Gaps(Duration shortest, Duration longest) {}

  private void requireTick(Instant instant, String what) {
    if (!isTick(instant)) {
      throw new IllegalArgumentException(what + " " + instant + " is not a tick of cron '" + cron
          + "' in " + zone + (latestTickAtOrBefore(instant).map(t -> " (the tick before is " + t + ")")
              .orElse("")));
    }
  }

  @Override
  public String toString() {
    return "'" + cron + "' in " + zone;
  }

  // Matching local times. Ticks fall on whole minutes, so "at" only needs a check on those.

  private Optional<LocalDateTime> localAfter(LocalDateTime local) {
    return localTimes.nextExecution(local.atZone(ZoneOffset.UTC)).map(LocalDateTime::from);
  }

  private Optional<LocalDateTime> localAtOrAfter(LocalDateTime local) {
    return matches(local) ? Optional.of(local) : localAfter(local);
  }

  private Optional<LocalDateTime> localBefore(LocalDateTime local) {
    return localTimes.lastExecution(local.atZone(ZoneOffset.UTC)).map(LocalDateTime::from);
  }

  private Optional<LocalDateTime> localAtOrBefore(LocalDateTime local) {
    return matches(local) ? Optional.of(local) : localBefore(local);
  }

  private boolean matches(LocalDateTime local) {
    return local.getSecond() == 0 && local.getNano() == 0 && localTimes.isMatch(local.atZone(ZoneOffset.UTC));
  }
}
