package com.avalo.precompute.schedule;

import java.util.List;
import java.util.Optional;

/**
 * A checked schedules file: its deployment and its schedules, in file order.
 *
 * @param file the file as the user named it, for messages
 * @param deployment the template and Scheduler identity all schedules share
 * @param schedules the schedules
 */
public record SchedulesFile(String file, Deployment deployment, List<Schedule> schedules) {
  public SchedulesFile {
    schedules = List.copyOf(schedules);
  }

  /** The schedule named {@code name}, if there is one. */
  public Optional<Schedule> schedule(String name) {
    return schedules.stream().filter(schedule -> schedule.name().equals(name)).findFirst();
  }

  /** {@code FILE:LINE: message} about the schedule, for checks made after reading. */
  public Problem problem(Schedule schedule, String message) {
    return new Problem(file, schedule.line(), "schedule '" + schedule.name() + "': " + message);
  }
}
