package com.avalo.precompute.userstats;

import com.avalo.precompute.io.PrecomputeOptions;

/** Options of the {@code user-stats} job: only the shared ones today. */
public interface UserStatsOptions extends PrecomputeOptions {}
