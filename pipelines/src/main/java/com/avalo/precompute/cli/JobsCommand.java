package com.avalo.precompute.cli;

import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.schedule.deploy.TemplateMetadataGenerator;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
    // By name: getDeclaredMethods has no order, and the listing moved between builds.
    Method[] getters = options.getDeclaredMethods();
    java.util.Arrays.sort(getters, java.util.Comparator.comparing(Method::getName));
    for (Method getter : getters) {
      Description description = getter.getAnnotation(Description.class);
      if (description == null || !getter.getName().startsWith("get")) {
        continue;
      }
      String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
      if (!RunCommand.CLI_SPELLING.containsKey(name)) {
        System.out.printf(Locale.ROOT, "  --%s%s%n      %s%n", name, defaultOf(getter),
            inCliSpelling(description.value()));
      }
    }
  }

  /**
   * {@code text} with the options the CLI spells its own way (--firestoreProject) as it spells
   * them (--firestore-project): 'run' refuses the Beam spelling that the descriptions, written for
   * the Flex Template's parameters too, use.
   */
  static String inCliSpelling(String text) {
    String spelled = text;
    for (Map.Entry<String, String> spelling : RunCommand.CLI_SPELLING.entrySet()) {
      spelled = spelled.replaceAll("--" + spelling.getKey() + "\\b", spelling.getValue());
    }
    return spelled;
  }

  private static String defaultOf(Method getter) {
    String value = TemplateMetadataGenerator.defaultValue(getter);
    return value == null ? "" : "=" + value;
  }
}
