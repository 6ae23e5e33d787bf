package io.github.modelbudget.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ServiceLoader;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code modelbudget} command: with no subcommand it prints its usage. */
@Command(
    name = "modelbudget",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Test and benchmark TensorFlow Lite models and their pruned and quantized variants.",
    description = {
      "Inspects .tflite models in the real TFLite runtime, measures them and gates them against budgets.",
      ""
    },
    subcommands = {
      InspectCommand.class,
      EvaluateCommand.class,
      CompareCommand.class,
      CheckCommand.class,
      ReportCommand.class,
      BenchCommand.class,
      QuantizeCommand.class,
      PruneCommand.class,
      VariantsCommand.class,
      LayersCommand.class,
      TuneCommand.class,
      HelpCommand.class,
      GenerateCompletion.class
    })
public final class ModelBudgetCli implements Runnable {

  @Spec CommandSpec spec;

  /** Creates the root command; picocli calls this. */
  public ModelBudgetCli() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Builds the command line with its writers, so tests can run every command in-process.
   *
   * <p>Besides the built-in commands it has those of every {@link CommandProvider} on the class
   * path; a training command that none provides ({@code optimize}, {@code demo}) answers with where
   * to find it.
   *
   * @param out where normal output goes
   * @param err where errors go
   * @return the configured command line
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new ModelBudgetCli());
    // Added before the settings below, which picocli applies only to the subcommands present.
    for (CommandProvider provider :
        ServiceLoader.load(CommandProvider.class, ModelBudgetCli.class.getClassLoader())) {
      provider.commands().forEach(commandLine::addSubcommand);
    }
    TrainingCommandPointer.addMissing(commandLine);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(new ExecutionErrorHandler());
    commandLine.setExecutionStrategy(
        ExecutionErrorHandler.catchingOutOfMemory(
            NativeLogLevels.applying(new CommandLine.RunLast())));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.registerConverter(Path.class, new FileNameConverter());
    withExitCodes(commandLine);
    return commandLine;
  }

  /** Gives every command the same exit-code section, from {@link ExitCode}. */
  private static void withExitCodes(CommandLine commandLine) {
    commandLine
        .getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCode.helpList());
    commandLine.getSubcommands().values().forEach(ModelBudgetCli::withExitCodes);
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    // An OutOfMemoryError on a thread no command waits for (a watchdog, a native deallocator) is
    // still exit 3 with what to raise, not a stack trace and a half-finished run.
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          if (e instanceof OutOfMemoryError oom) {
            err.println("error: " + ExecutionErrorHandler.outOfMemory(oom));
            err.flush();
            Runtime.getRuntime().halt(ExitCode.INVALID_INPUT);
          }
          // Anything else as the JVM would print it.
          err.print("Exception in thread \"" + thread.getName() + "\" ");
          e.printStackTrace(err);
          err.flush();
        });
    int code;
    try {
      code = commandLine(out, err).execute(args);
    } catch (OutOfMemoryError oom) {
      // Outside a command: parsing or printing usage (the command's own is mapped by the handler).
      err.println("error: " + ExecutionErrorHandler.outOfMemory(oom));
      code = ExitCode.INVALID_INPUT;
    }
    System.exit(code);
  }
}
