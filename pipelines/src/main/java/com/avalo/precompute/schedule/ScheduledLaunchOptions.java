package com.avalo.precompute.schedule;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * What the Flex Template launcher is told about the schedule it runs for. Cloud Scheduler sends the
 * same body on every tick, so the body names the schedule and carries its cron, zone and grace but
 * no time: the launcher computes the window itself, the one ending at the latest tick not after
 * its start (or the one starting at {@code --window}), takes the window's lease in the run ledger
 * for {@code --maxRunTime}, and runs the jobs as of that tick. The jobs' own options travel beside
 * these, as in {@code precompute run}.
 */
public interface ScheduledLaunchOptions extends PipelineOptions {

  @Description("Name of the schedule this run belongs to (an entry of the schedules file)")
  @Validation.Required
  String getSchedule();

  void setSchedule(String value);

  @Description("The schedule's cron: 5 unix-cron fields, read on the wall clock of --scheduleTimeZone;"
      + " its ticks bound the windows")
  @Validation.Required
  @ParameterFormat(ParameterFormat.Kind.CRON)
  String getScheduleCron();

  void setScheduleCron(String value);

  @Description("Time zone of the cron (tz-database id); UTC has no DST, so no tick is skipped or doubled")
  @Default.String("Etc/UTC")
  @ParameterFormat(ParameterFormat.Kind.TIME_ZONE)
  String getScheduleTimeZone();

  void setScheduleTimeZone(String value);

  @Description("Jobs to run in one pipeline, comma-separated (e.g. chats,counts)")
  @Validation.Required
  @ParameterFormat(ParameterFormat.Kind.JOB_LIST)
  String getJobs();

  void setJobs(String value);

  @Description("Added to the --expiryTicks-th tick after the window to give documents' expiresAt"
      + " (ISO-8601 duration); covers the next run's launch, retries and run time")
  @Default.String("PT30M")
  @ParameterFormat(ParameterFormat.Kind.DURATION)
  String getExpiryGrace();

  void setExpiryGrace(String value);

  @Description("How many ticks after the window its documents stay fresh (plus --expiryGrace); 1 means"
      + " until the next run, more lets later runs leave unchanged documents alone")
  @Default.Integer(1)
  int getExpiryTicks();

  void setExpiryTicks(int value);

  @Description("Longest time a run of one window may take (ISO-8601 duration): its lease in the run"
      + " ledger, after which the next launch may take the window over from a run that died")
  @Default.String("PT1H")
  @ParameterFormat(ParameterFormat.Kind.DURATION)
  String getMaxRunTime();

  void setMaxRunTime(String value);

  @Description("Start of the window to compute, a tick of the schedule (RFC 3339); empty means the"
      + " window ending at the latest tick not after the launch")
  @Default.String("")
  @ParameterFormat(ParameterFormat.Kind.INSTANT)
  String getWindow();

  void setWindow(String value);
}
