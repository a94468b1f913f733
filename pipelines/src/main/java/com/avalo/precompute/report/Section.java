package com.avalo.precompute.report;

import java.util.List;

/**
 * A part of the report: what it is about, plain statements of what is missing and why
 * ({@code notices}), the charts that have data, and tables without a chart.
 */
record Section(String id, String title, List<String> about, List<String> notices,
    List<Chart> charts, List<Table> tables) {}
