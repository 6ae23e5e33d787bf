package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Task;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.OutputActivation;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.isolation.IsolatedBackend;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of every command that evaluates models on a dataset. */
final class EvaluationOptions {

  /** What {@code --threads} means in every command that offers it. */
  static final String THREADS =
      "Evaluator worker threads, each with its own interpreter (default: ${DEFAULT-VALUE}).";

  /** What {@code --interpreter-threads} means in every command that offers it. */
  static final String INTERPRETER_THREADS =
      "Threads each interpreter may use for one invocation (default: ${DEFAULT-VALUE}).";

  /** What {@code --xnnpack} means in every command that offers it. */
  static final String XNNPACK = "Apply the XNNPACK delegate (default: ${DEFAULT-VALUE}).";

  @Option(
      names = "--data",
      paramLabel = "FILE_OR_DIR",
      description =
          "The labelled test data: .npz (arrays x and y), IDX, a Quick, Draw! file, a folder"
              + " with one Quick, Draw! file per class, a folder with one folder of PNG, JPEG or"
              + " BMP images per class, or a CSV of file,label rows (images resized to the"
              + " model's input).")
  Path data;

  @Mixin DataOptions dataOptions;

  @Option(names = "--threads", defaultValue = "1", paramLabel = "N", description = THREADS)
  int threads;

  @Option(
      names = "--interpreter-threads",
      defaultValue = "1",
      paramLabel = "N",
      description = INTERPRETER_THREADS)
  int interpreterThreads;

  @Option(
      names = "--batch",
      defaultValue = "64",
      description =
          "Samples per interpreter invocation (default: ${DEFAULT-VALUE}); a model with a fixed batch (no -1 in"
              + " its input's shape signature) runs at its own.")
  int batch;

  @Option(
      names = "--xnnpack",
      arity = "1",
      defaultValue = "true",
      paramLabel = "true|false",
      description = XNNPACK)
  boolean xnnpack;

  @Option(
      names = "--threshold",
      defaultValue = "0.5",
      description = "Decision threshold of sigmoid outputs (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(
      names = "--activation",
      defaultValue = "auto",
      paramLabel = "auto|probabilities|logits",
      description =
          "What the model outputs: probabilities, logits (a softmax or sigmoid is applied), or"
              + " auto to tell from the operator that produces the output (SOFTMAX or LOGISTIC,"
              + " also before a QUANTIZE or DEQUANTIZE: probabilities; anything else: logits)"
              + " (default: ${DEFAULT-VALUE}).")
  OutputActivation activation;

  @Option(
      names = "--task",
      paramLabel = "classification|regression",
      description =
          "What the models do. Without it the labels decide: integer labels are classes, float"
              + " labels with a fraction or several per sample are regression targets, and whole"
              + " numbers stored as floats are classes unless the model's output width cannot"
              + " score them.")
  Task task;

  @Option(
      names = "--isolate",
      description =
          "Run the models in a child JVM, so a crash in native code fails that model with exit"
              + " code 3 instead of taking the command down.")
  boolean isolate;

  Evaluator evaluator(picocli.CommandLine commandLine) {
    if (threads < 1 || interpreterThreads < 1 || batch < 1) {
      throw new picocli.CommandLine.ParameterException(
          commandLine, "--threads, --interpreter-threads and --batch must be at least 1");
    }
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new picocli.CommandLine.ParameterException(
          commandLine, "--threshold must be in [0, 1] but was " + threshold);
    }
    Evaluator evaluator =
        Evaluator.defaults()
            .withThreads(threads)
            .withInterpreterThreads(interpreterThreads)
            .withBatchSize(batch)
            .withXnnpack(xnnpack)
            .withThreshold(threshold)
            .withActivation(activation);
    return isolate ? IsolatedBackend.isolate(evaluator) : evaluator;
  }

  /**
   * Loads {@code --data} for a model: its images sized to the model's input, its classes named by
   * {@code --classes}, {@code --labels} or the model's metadata.
   */
  Dataset dataset(picocli.CommandLine commandLine, TfliteModel model) {
    if (data == null) {
      throw new picocli.CommandLine.ParameterException(
          commandLine, "Missing required option: '--data=FILE_OR_DIR'");
    }
    Dataset loaded = dataOptions.load(commandLine, data, Optional.of(model));
    return task == null ? loaded : loaded.withTask(task);
  }
}
