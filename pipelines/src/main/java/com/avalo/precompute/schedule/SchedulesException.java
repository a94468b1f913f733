package com.avalo.precompute.schedule;

import java.util.List;
import java.util.stream.Collectors;

/** A schedules file that cannot be used, with every problem found in it, in file order. */
public final class SchedulesException extends RuntimeException {
  private final transient List<Problem> problems;

  public SchedulesException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** The problems, one line each when printed. */
  public List<Problem> problems() {
    return problems;
  }
}
