package com.avalo.precompute.schedule;

/**
 * What every schedule of a file deploys through: one Flex Template (image and spec) and the
 * service account Cloud Scheduler calls Dataflow as. Values may still hold {@code ${project}} and
 * {@code ${region}}.
 *
 * @param name the template's name, and the prefix of Cloud Scheduler and Dataflow job names
 * @param templateSpec the {@code gs://} path of the template spec file
 * @param image the template image, {@code REGION-docker.pkg.dev/PROJECT/REPOSITORY/NAME[:TAG]}
 * @param schedulerServiceAccount the service account whose OAuth token Cloud Scheduler sends
 * @param line the line of the {@code deployment} key
 */
public record Deployment(String name, String templateSpec, String image,
    String schedulerServiceAccount, int line) {

  /** The Cloud Scheduler job and Dataflow job name of {@code schedule}. */
  public String jobName(Schedule schedule) {
    return jobNamePrefix() + schedule.name();
  }

  /** What every job name of this deployment begins with. */
  public String jobNamePrefix() {
    return name + "-";
  }
}
