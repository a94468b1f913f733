package com.avalo.precompute.schedule.deploy;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.schedule.SchedulesFile;
import com.avalo.precompute.schedule.SchedulesReader;
import java.util.Map;

/** The bundled schedules, read and planned once for project avalo-prod in europe-west1. */
final class BundledPlan {
  static final Map<String, String> VARIABLES = Map.of("project", "avalo-prod", "region", "europe-west1");
  static final SchedulesFile FILE = new SchedulesReader(Jobs.all()).load(SchedulesReader.BUNDLED, VARIABLES);
  static final DeployPlan PLAN = DeployPlanner.plan(FILE, "avalo-prod", "europe-west1", Jobs.all());

  private BundledPlan() {}
}
