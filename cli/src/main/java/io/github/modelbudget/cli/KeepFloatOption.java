package io.github.modelbudget.cli;

import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --keep-float REGEX}: weights that quantization leaves float. */
final class KeepFloatOption {

  @Option(
      names = "--keep-float",
      paramLabel = "REGEX",
      description =
          "Leave the weights float whose tensor name, operator (e.g. FULLY_CONNECTED) or layer"
              + " (operator output) name contains a match; a pattern that matches no weight the"
              + " mode changes exits 3.")
  String regex;

  Optional<WeightFilter> filter(CommandLine commandLine) {
    return WeightPatterns.compile(commandLine, "--keep-float", "keep-float", regex);
  }
}
