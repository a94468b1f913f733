package com.avalo.precompute.cli;

import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/** What the commands' refusals of misspelt options need to know of a command's own flags. */
final class CommandFlags {
  private CommandFlags() {}

  /** The long flags of a command ({@code --as-of}), which a misspelt option may have meant. */
  static Set<String> longFlags(CommandSpec command) {
    return command.optionsMap().keySet().stream().filter(flag -> flag.startsWith("--"))
        .collect(Collectors.toSet());
  }
}
