package com.avalo.precompute.schedule.deploy;

import com.avalo.precompute.schedule.Schedule;
import java.util.List;

/**
 * Everything a deploy of a schedules file to one project does, checked: the Flex Template build,
 * one Cloud Scheduler job per schedule and the Firestore configuration of the cache collection
 * and the run ledger, with
 * the ordered steps that carry them out.
 *
 * @param project the Google Cloud project
 * @param region the Cloud Scheduler location (and the default Dataflow region)
 * @param file the schedules file, as named by the user
 * @param template the template build
 * @param launches one per schedule, in file order
 * @param firestoreFields the configured fields of the cache collection and the run ledger, in the
 *     stores' projects
 * @param firestoreIndexes the composite indexes the queries of the stores' projects need
 * @param steps what a deploy runs, in order
 */
public record DeployPlan(String project, String region, String file, TemplateBuild template,
    List<ScheduledLaunch> launches, List<FirestoreFieldConfig> firestoreFields,
    List<FirestoreIndex> firestoreIndexes, List<DeployStep> steps) {

  /** The template build. */
  public record TemplateBuild(String name, String image, String spec, String metadataFile,
      String buildContext, TemplateMetadata metadata) {}

  /** A schedule's Cloud Scheduler job. */
  public record ScheduledLaunch(Schedule schedule, String schedulerJob, String serviceAccount,
      LaunchRequest request) {}

  /** The OAuth scope of Cloud Scheduler's token for the Dataflow API. */
  public static final String OAUTH_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
}
