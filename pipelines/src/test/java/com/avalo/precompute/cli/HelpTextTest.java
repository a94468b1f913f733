package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import picocli.CommandLine;

/** Every command's help prints its description with the line breaks it was written with. */
public class HelpTextTest {

  @Test
  public void everyDescriptionLinePrintsWhole() {
    for (List<String> command : commands(new CommandLine(new PrecomputeCli()), new ArrayList<>())) {
      String[] description = descriptionOf(command);
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      String help = CliRuns.run(args.toArray(String[]::new)).out();
      for (String line : description) {
        assertThat(command + ": a description line is longer than the help",
            line.length(), lessThanOrEqualTo(PrecomputeCli.HELP_WIDTH));
        assertThat(command + " --help", help, containsString(line.stripTrailing()));
      }
    }
  }

  /** The path of every command and subcommand, the root's as an empty list. */
  private static List<List<String>> commands(CommandLine cli, List<String> path) {
    List<List<String>> all = new ArrayList<>();
    all.add(path);
    cli.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) {
        List<String> next = new ArrayList<>(path);
        next.add(name);
        all.addAll(commands(sub, next));
      }
    });
    return all;
  }

  private static String[] descriptionOf(List<String> path) {
    CommandLine cli = new CommandLine(new PrecomputeCli());
    for (String name : path) {
      cli = cli.getSubcommands().get(name);
    }
    return cli.getCommandSpec().usageMessage().description();
  }
}
