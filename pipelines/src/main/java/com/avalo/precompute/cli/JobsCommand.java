package com.avalo.precompute.cli;

import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import picocli.CommandLine.Command;

/** {@code precompute jobs}: lists the jobs and their own options, then those of every run. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = {"Lists the jobs with their own options, then the options of every run.",
        "Pass them to 'run' as --name=value."})
final class JobsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    for (PrecomputeJob job : Jobs.all()) {
      System.out.println(job.name());
      list(job.optionsClass());
    }
    // The README names some of these (--activeWindowDays, --storeDownAfterSeconds, ...), which
    // were in no --help; those the command sets from its own flags (--as-of) are left out.
    System.out.println("every run");
    list(PrecomputeOptions.class);
    return 0;
  }

  private static void list(Class<?> options) {
    for (Method getter : options.getDeclaredMethods()) {
      Description description = getter.getAnnotation(Description.class);
      if (description == null || !getter.getName().startsWith("get")) {
        continue;
      }
      String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
      if (!RunCommand.CLI_SPELLING.containsKey(name)) {
        System.out.printf("  --%s%s%n      %s%n", name, defaultOf(getter), description.value());
      }
    }
  }

  private static String defaultOf(Method getter) {
    Default.String text = getter.getAnnotation(Default.String.class);
    Default.Integer integer = getter.getAnnotation(Default.Integer.class);
    Default.Long whole = getter.getAnnotation(Default.Long.class);
    Default.Double real = getter.getAnnotation(Default.Double.class);
    Default.Boolean truth = getter.getAnnotation(Default.Boolean.class);
    if (text != null) {
      return "=" + text.value();
    }
    if (integer != null) {
      return "=" + integer.value();
    }
    // Without these, --p95WarningMs and --p95CriticalMs were listed with no default at all.
    if (whole != null) {
      return "=" + whole.value();
    }
    if (truth != null) {
      return "=" + truth.value();
    }
    return real != null ? "=" + real.value() : "";
  }
}
