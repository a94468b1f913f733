package com.avalo.precompute.profiles;

import com.avalo.precompute.io.PrecomputeOptions;

/**
 * Options of the {@code profiles} job. It needs none beyond the shared ones; the interface exists
 * so the job's options have one home as they grow.
 */
public interface ProfilesOptions extends PrecomputeOptions {}
