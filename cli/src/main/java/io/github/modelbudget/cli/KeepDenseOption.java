package io.github.modelbudget.cli;

import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --keep-dense REGEX}: weights that pruning leaves alone. */
final class KeepDenseOption {

  @Option(
      names = "--keep-dense",
      paramLabel = "REGEX",
      description =
          "Leave the weights dense whose tensor name, operator (e.g. FULLY_CONNECTED) or layer"
              + " (operator output) name contains a match; a pattern that matches no prunable"
              + " weight exits 3.")
  String regex;

  Optional<WeightFilter> filter(CommandLine commandLine) {
    return WeightPatterns.compile(commandLine, "--keep-dense", "keep-dense", regex);
  }
}
