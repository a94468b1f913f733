package com.avalo.precompute.report;

import java.time.Instant;
import java.util.List;

/**
 * What {@code precompute report} shows: analytics over a range of days, the current feeds and
 * the recent runs, each figure read from the cache documents or the run history.
 *
 * @param store the store read, as described by it
 * @param range the days the analytics cover
 * @param generatedAt when the report was made
 * @param notices statements about the whole report, such as an empty store
 * @param sections the report's parts in order
 */
record Report(String store, ReportRange range, Instant generatedAt, List<String> notices,
    List<Section> sections) {}
