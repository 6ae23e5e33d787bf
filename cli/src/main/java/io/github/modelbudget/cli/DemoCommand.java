package io.github.modelbudget.cli;

import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code modelbudget demo}: the Quick, Draw! experiment's model, written, inspected and run.
 *
 * <p>Until the optimizer module trains and compresses it, the demo writes the seed's architecture
 * with untrained weights, inspects it, and runs it in the TFLite runtime on generated images.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Write the Quick, Draw! CNN as a .tflite file, inspect it and run it.",
    description = {
      "Builds the network of the Quick, Draw! experiment (untrained weights from --seed),",
      "writes DIR/baseline.tflite, prints its inspection and runs it on generated 28x28 images",
      "in the real TFLite runtime."
    },
    footerHeading = "%nExample:%n",
    footer = "  modelbudget demo --out target/demo")
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "modelbudget-demo",
      description = "Where to write the model (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the weights and images (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--samples",
      defaultValue = "256",
      description = "Images to run (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    if (samples < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--samples must be at least 1");
    }
    TfliteModel model = SeedArchitecture.untrained(seed);
    Path file = out.resolve("baseline.tflite");
    model.save(file);
    TfliteModel written = TfliteModel.read(file);
    InspectionText.print(w, file.toString(), written.inspect(), ModelSizes.of(written), true);

    SplittableRandom random = new SplittableRandom(seed);
    float[] image = new float[SeedArchitecture.SIDE * SeedArchitecture.SIDE];
    long[] nanos = new long[samples];
    int positive = 0;
    try (LoadedModel loaded = InferenceBackend.tflite().load(written);
        Session session = loaded.openSession()) {
      for (int i = 0; i < samples; i++) {
        for (int p = 0; p < image.length; p++) {
          image[p] = random.nextDouble() < 0.15 ? 1f : 0f;
        }
        session.setInput(0, image);
        nanos[i] = session.invoke();
        if (session.output(0)[0] >= 0.5f) {
          positive++;
        }
      }
    }
    Arrays.sort(nanos);
    w.printf(
        Locale.ROOT,
        "Ran %d generated images through TFLite %s, one invoke each:%n",
        samples,
        InferenceBackend.tflite().runtimeVersion());
    w.printf(
        Locale.ROOT,
        "  median %.1f µs, p95 %.1f µs per invoke; %d of %d scored >= 0.5 (untrained weights)%n",
        nanos[samples / 2] / 1e3,
        nanos[(int) Math.min(samples - 1, Math.round(samples * 0.95))] / 1e3,
        positive,
        samples);
    w.println("Training, pruning and quantization arrive with the optimizer module.");
    w.flush();
    return ExitCode.OK;
  }
}
