package com.avalo.precompute.schedule;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The textual format of a string option, for the Flex Template metadata's {@code regexes}: Dataflow
 * refuses a launch whose value does not match, before any worker starts. Numbers, booleans and
 * enums get their regexes from their Java type; this annotation is for strings that carry times
 * and other structured values.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ParameterFormat {

  /** The format. */
  Kind value();

  /** Formats with a fixed regex; {@link #JOB_LIST}'s is built from the job names. */
  enum Kind {
    /** An RFC 3339 instant, such as 2026-11-20T10:15:00Z. */
    INSTANT("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})$"),
    /** A calendar date, YYYY-MM-DD. */
    DATE("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    /**
     * An ISO-8601 duration of days, hours, minutes and seconds, such as PT30M or P1D, with at
     * least one of them (and one after a T): P, PT and P1DT matched and were refused at launch.
     * Alternatives, not lookaheads, which RE2-style engines lack.
     */
    DURATION("^P([0-9]+D(T" + Durations.TIME + ")?|T" + Durations.TIME + ")$"),
    /** A tz-database zone id, such as Etc/UTC or Europe/Warsaw. */
    TIME_ZONE("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"),
    /** Five whitespace-separated cron fields. */
    CRON("^[^ ]+( [^ ]+){4}$"),
    /** Job names separated by commas. */
    JOB_LIST(null);

    private final String regex;

    /** Parts of {@link #DURATION}'s regex. */
    private static final class Durations {
      static final String SECONDS = "[0-9]+(\\.[0-9]{1,9})?S";
      static final String TIME = "([0-9]+H([0-9]+M)?(" + SECONDS + ")?|[0-9]+M(" + SECONDS + ")?|"
          + SECONDS + ")";
    }

    Kind(String regex) {
      this.regex = regex;
    }

    /** The regex, or null for {@link #JOB_LIST}. */
    public String regex() {
      return regex;
    }
  }
}
