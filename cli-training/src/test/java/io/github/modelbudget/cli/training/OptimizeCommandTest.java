package io.github.modelbudget.cli.training;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import io.github.modelbudget.cli.ExitCode;
import io.github.modelbudget.cli.ModelBudgetCli;
import io.github.modelbudget.cli.NpzFiles;
import io.github.modelbudget.harness.format.TfliteModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code modelbudget optimize} on a small generated dataset, trained for real with TensorFlow. */
class OptimizeCommandTest {

  private static final int SIDE = 28;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  /** Class 0 has its ink in the left half, class 1 in the right half. */
  private Path halves(int samples) throws IOException {
    SplittableRandom random = new SplittableRandom(3L);
    float[] images = new float[samples * SIDE * SIDE];
    int[] labels = new int[samples];
    for (int s = 0; s < samples; s++) {
      labels[s] = s % 2;
      for (int row = 0; row < SIDE; row++) {
        for (int col = 0; col < SIDE; col++) {
          boolean inkSide = (col < SIDE / 2) == (labels[s] == 0);
          if (inkSide && random.nextDouble() < 0.4) {
            images[s * SIDE * SIDE + row * SIDE + col] = 1f;
          }
        }
      }
    }
    return NpzFiles.write(dir.resolve("train.npz"), images, new int[] {SIDE, SIDE}, labels);
  }

  @Test
  void seedRecipe_smallData_writesTheFourVariantsAndPrintsEachEpoch() throws IOException {
    Path data = halves(200);
    Path models = dir.resolve("models");

    int code =
        run(
            "optimize",
            "--recipe",
            "seed",
            "--data",
            data.toString(),
            "--out",
            models.toString(),
            "--seed",
            "5",
            "--epochs",
            "1");

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("Training the seed recipe's CNN on 200 samples of train.npz"),
            containsString("train baseline"),
            containsString("epoch 1 ("),
            containsString("prune"),
            containsString("val_accuracy"),
            containsString("quantize"),
            containsString("pruned_quantized.tflite")));
    TfliteModel baseline = TfliteModel.read(models.resolve("baseline.tflite"));
    TfliteModel prunedQuantized = TfliteModel.read(models.resolve("pruned_quantized.tflite"));
    assertThat(Files.exists(models.resolve("manifest.json")), is(true));
    assertThat(prunedQuantized.inspect().sparsity(), greaterThan(0.5));
    assertThat(Files.size(models.resolve("quantized.tflite")), lessThan((long) baseline.size()));

    int evaluated =
        run("evaluate", "--data", data.toString(), models.resolve("baseline.tflite").toString());
    assertThat(err.toString(), evaluated, is(ExitCode.OK));
  }

  @Test
  void oneEpochOnLabelsWithoutSignal_saysWhatItTrained_andWarnsNearChance() throws IOException {
    SplittableRandom random = new SplittableRandom(9L);
    int samples = 120;
    float[] images = new float[samples * SIDE * SIDE];
    int[] labels = new int[samples];
    for (int s = 0; s < samples; s++) {
      labels[s] = random.nextInt(2);
      for (int p = 0; p < SIDE * SIDE; p++) {
        images[s * SIDE * SIDE + p] = random.nextDouble() < 0.2 ? 1f : 0f;
      }
    }
    Path data = NpzFiles.write(dir.resolve("noise.npz"), images, new int[] {SIDE, SIDE}, labels);

    int code =
        run(
            "optimize",
            "--recipe",
            "seed",
            "--data",
            data.toString(),
            "--out",
            dir.resolve("noise-models").toString(),
            "--epochs",
            "1");

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("the baseline 1 epoch(s), the pruned model 2 (--epochs)"),
            containsString("Trained the baseline 1 epoch(s), 4 steps: training accuracy 0."),
            containsString("warning: the baseline's training accuracy"),
            containsString("is near chance")));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @Test
    void dataOfAnotherShape_exits2NamingTheShape() throws IOException {
      Path data =
          NpzFiles.write(
              dir.resolve("wide.npz"), new float[6 * 32 * 32], new int[] {32, 32}, new int[6]);

      int code = run("optimize", "--data", data.toString(), "--out", dir.resolve("m").toString());

      assertThat(code, is(ExitCode.USAGE));
      assertThat(
          err.toString(),
          allOf(containsString("28x28"), containsString("[32, 32]"), containsString("wide.npz")));
      assertThat(Files.exists(dir.resolve("m")), is(false));
    }

    @Test
    void unknownRecipe_exits2ListingTheRecipes() {
      int code = run("optimize", "--recipe", "resnet", "--data", "x.npz", "--out", "m");

      assertThat(code, is(ExitCode.USAGE));
      assertThat(err.toString(), allOf(containsString("resnet"), containsString("SEED")));
    }
  }
}
