package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import picocli.CommandLine;

/** Every command's help prints its description with the line breaks it was written with. */
public class HelpTextTest {

  @Test
  public void everyDescriptionLinePrintsWhole() {
    Map<List<String>, CommandLine> commands = new LinkedHashMap<>();
    collect(new CommandLine(new PrecomputeCli()), List.of(), commands);
    commands.forEach((path, command) -> {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      String help = CliRuns.run(args.toArray(String[]::new)).out();
      for (String line : command.getCommandSpec().usageMessage().description()) {
        assertThat(path + ": a description line is longer than the help",
            line.length(), lessThanOrEqualTo(PrecomputeCli.HELP_WIDTH));
        assertThat(path + " --help", help, containsString(line.stripTrailing()));
      }
    });
  }

  @Test
  public void theLineACommandListShowsIsAWholeSentence() {
    // A command list (precompute --help) shows the first description line of each command alone.
    Map<List<String>, CommandLine> commands = new LinkedHashMap<>();
    collect(new CommandLine(new PrecomputeCli()), List.of(), commands);
    commands.forEach((path, command) -> {
      String[] description = command.getCommandSpec().usageMessage().description();
      if (!path.isEmpty() && description.length > 0) {
        assertThat(path + ": " + description[0], description[0].stripTrailing(),
            org.hamcrest.Matchers.matchesPattern(".*[.)]"));
      }
    });
  }

  /** Every command and subcommand under {@code cli} by its path, the root's the empty list. */
  private static void collect(CommandLine cli, List<String> path, Map<List<String>, CommandLine> into) {
    into.put(path, cli);
    cli.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) {
        List<String> next = new ArrayList<>(path);
        next.add(name);
        collect(sub, next, into);
      }
    });
  }
}
