package com.avalo.precompute.schedule;

/** A small valid schedules file whose line numbers the tests rely on. */
public final class SchedulesFixture {
  public static final String VALID = String.join("\n",
      /* 1 */ "deployment:",
      /* 2 */ "  name: avalo-precompute",
      /* 3 */ "  templateSpec: gs://${project}-dataflow/templates/avalo-precompute.json",
      /* 4 */ "  image: ${region}-docker.pkg.dev/${project}/precompute/avalo-precompute:latest",
      /* 5 */ "  schedulerServiceAccount: precompute-scheduler@${project}.iam.gserviceaccount.com",
      /* 6 */ "defaults:",
      /* 7 */ "  source: firestore",
      /* 8 */ "  store: firestore",
      /* 9 */ "  firestoreProject: ${project}",
      /* 10 */ "  expiryGrace: PT30M",
      /* 11 */ "  environment:",
      /* 12 */ "    region: ${region}",
      /* 13 */ "    maxWorkers: 4",
      /* 14 */ "    machineType: n2-standard-2",
      /* 15 */ "    serviceAccount: runner@${project}.iam.gserviceaccount.com",
      /* 16 */ "    tempLocation: gs://${project}-dataflow/temp",
      /* 17 */ "schedules:",
      /* 18 */ "  - name: chats",
      /* 19 */ "    cron: \"*/10 * * * *\"",
      /* 20 */ "    jobs:",
      /* 21 */ "      chats: {}",
      /* 22 */ "  - name: analytics",
      /* 23 */ "    cron: \"5 * * * *\"",
      /* 24 */ "    jobs:",
      /* 25 */ "      analytics:",
      /* 26 */ "        lateBuckets: 2",
      "");

  private SchedulesFixture() {}
}
