package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** Every command's options and help read the same way: one meaning per name, defaults shown. */
class OptionConsistencyTest {

  private static List<CommandSpec> everyCommand() {
    CommandLine root =
        ModelBudgetCli.commandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    List<CommandSpec> specs = new ArrayList<>();
    collect(root, specs);
    return specs;
  }

  private static void collect(CommandLine commandLine, List<CommandSpec> specs) {
    specs.add(commandLine.getCommandSpec());
    commandLine.getSubcommands().values().forEach(sub -> collect(sub, specs));
  }

  /** The description as written in the annotation, before picocli puts the default in. */
  private static String written(OptionSpec option) {
    if (option.userObject() instanceof AnnotatedElement member
        && member.isAnnotationPresent(Option.class)) {
      return String.join(" ", member.getAnnotation(Option.class).description());
    }
    return String.join(" ", option.description());
  }

  private static String where(CommandSpec spec, OptionSpec option) {
    return spec.qualifiedName() + " " + option.longestName();
  }

  @Test
  void everyOptionWithADefault_showsItWithTheDefaultValueVariable() {
    List<String> missing = new ArrayList<>();
    for (CommandSpec spec : everyCommand()) {
      for (OptionSpec option : spec.options()) {
        String description = written(option);
        if (option.defaultValue() != null && !description.contains("${DEFAULT-VALUE}")) {
          missing.add(where(spec, option) + ": " + description);
        }
      }
    }

    assertThat(missing, is(empty()));
  }

  /** The options several commands share, each meaning one thing wherever it is offered. */
  private static final Set<String> SHARED =
      Set.of(
          "--threads",
          "--interpreter-threads",
          "--xnnpack",
          "--threshold",
          "--activation",
          "--isolate",
          "--verbose");

  @Test
  void everySharedOption_hasOneDescriptionAcrossCommands() {
    Map<String, Set<String>> descriptions = new TreeMap<>();
    for (CommandSpec spec : everyCommand()) {
      for (OptionSpec option : spec.options()) {
        for (String name : option.names()) {
          if (!SHARED.contains(name)) {
            continue;
          }
          descriptions.computeIfAbsent(name, n -> new TreeSet<>()).add(written(option));
        }
      }
    }
    List<String> ambiguous =
        descriptions.entrySet().stream()
            .filter(e -> e.getValue().size() > 1)
            .map(e -> e.getKey() + ": " + e.getValue())
            .toList();

    assertThat(ambiguous, is(empty()));
  }

  @Test
  void threads_isWorkerThreads_interpreterThreadsTheInterpretersOwn_inEveryCommand() {
    Map<String, CommandSpec> byName = new TreeMap<>();
    everyCommand().forEach(spec -> byName.put(spec.name(), spec));

    for (String command : List.of("evaluate", "compare", "check")) {
      CommandSpec spec = byName.get(command);
      assertThat(command, written(spec.findOption("--threads")), is(EvaluationOptions.THREADS));
      assertThat(
          command,
          written(spec.findOption("--interpreter-threads")),
          is(EvaluationOptions.INTERPRETER_THREADS));
    }
    // bench times one interpreter: it has no workers, only the interpreter's threads.
    assertThat(byName.get("bench").findOption("--threads"), is(nullValue()));
    assertThat(
        written(byName.get("bench").findOption("--interpreter-threads")),
        is(EvaluationOptions.INTERPRETER_THREADS));
  }

  @Test
  void everyCommand_listsTheExitCodesOfExitCode() {
    Map<String, String> expected = ExitCode.helpList();
    for (CommandSpec spec : everyCommand()) {
      assertThat(spec.qualifiedName(), spec.usageMessage().exitCodeList(), is(expected));
      assertThat(spec.usageMessage().exitCodeListHeading(), is("%nExit codes:%n"));
    }
    assertThat(
        List.copyOf(expected.keySet()),
        is(
            Arrays.asList(
                String.valueOf(ExitCode.OK),
                String.valueOf(ExitCode.BUDGET_VIOLATED),
                String.valueOf(ExitCode.USAGE),
                String.valueOf(ExitCode.INVALID_INPUT),
                String.valueOf(ExitCode.INTERNAL_ERROR))));
  }
}
