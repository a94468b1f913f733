package com.avalo.precompute.schedule;

/**
 * Where and on what a schedule's Dataflow job runs: the {@code environment} of its Flex Template
 * launch. Values may still hold {@code ${project}} and {@code ${region}}.
 *
 * @param region the Dataflow region the job is launched in
 * @param numWorkers workers at start
 * @param maxWorkers most workers autoscaling may use
 * @param machineType the workers' Compute Engine machine type
 * @param serviceAccount the service account the job runs as
 * @param tempLocation a {@code gs://} path for temporary files
 * @param stagingLocation a {@code gs://} path for staged files, or null for Dataflow's default
 */
public record DataflowEnvironment(
    String region,
    int numWorkers,
    int maxWorkers,
    String machineType,
    String serviceAccount,
    String tempLocation,
    String stagingLocation) {}
