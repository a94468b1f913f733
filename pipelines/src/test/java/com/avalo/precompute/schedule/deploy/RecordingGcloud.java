package com.avalo.precompute.schedule.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A fake gcloud that records every command and answers as the test says. */
final class RecordingGcloud implements Gcloud {
  final List<List<String>> calls = new ArrayList<>();
  private final Function<List<String>, Result> answer;

  RecordingGcloud(Function<List<String>, Result> answer) {
    this.answer = answer;
  }

  /** Every command succeeds, and no Scheduler job exists yet. */
  static RecordingGcloud freshProject() {
    return new RecordingGcloud(args -> args.get(2).equals("describe")
        ? new Result(1, "", "ERROR: (gcloud.scheduler.jobs.describe) NOT_FOUND: Job not found.")
        : new Result(0, "", ""));
  }

  /** Every command succeeds, and listing the Scheduler jobs answers {@code list}. */
  static RecordingGcloud listingSchedulerJobs(Result list) {
    return new RecordingGcloud(args -> args.get(2).equals("list") ? list : new Result(0, "", ""));
  }

  @Override
  public Result run(List<String> args) {
    calls.add(List.copyOf(args));
    return answer.apply(args);
  }

  /** The first words of each call, e.g. "scheduler jobs create http avalo-precompute-chats". */
  List<String> commands() {
    return calls.stream().map(args -> String.join(" ", args.stream()
        .takeWhile(arg -> !arg.startsWith("--")).toList())).toList();
  }
}
