package io.github.modelbudget.cli;

import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Compiles the {@code --keep-float} and {@code --keep-dense} patterns; a bad one is exit 2. */
final class WeightPatterns {

  private WeightPatterns() {}

  static Optional<WeightFilter> compile(
      CommandLine commandLine, String option, String purpose, String regex) {
    if (regex == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(WeightFilter.of(purpose, regex));
    } catch (PatternSyntaxException e) {
      throw new ParameterException(
          commandLine,
          option + " '" + regex + "' is not a regular expression: " + e.getDescription());
    }
  }
}
