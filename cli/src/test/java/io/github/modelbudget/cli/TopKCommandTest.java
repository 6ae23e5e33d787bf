package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate}, {@code check} and {@code --top-k} on two 1001-way classifiers. Class {@code c}
 * scores {@code w_c · x} with the baseline's {@code w_c = 0.01 c}: at {@code x = 1} a label's rank
 * (classes scored higher) is {@code 1000 − label}, at {@code x = −1} the label itself; the variant
 * moves class 996 below 991. On the 86 samples the baseline has 52 top-5 hits and 81 top-10 hits,
 * the variant 42 and 81.
 */
class TopKCommandTest {

  private static final int CLASSES = 1001;

  /** (input, label, count): ranks 0, 1, 4, 5, 717 at x = 1 and 0, 4, 5, 283 at x = −1. */
  private static final int[][] GROUPS = {
    {1, 1000, 7},
    {1, 999, 5},
    {1, 996, 30},
    {1, 995, 20},
    {1, 283, 3},
    {-1, 0, 6},
    {-1, 4, 4},
    {-1, 5, 9},
    {-1, 283, 2}
  };

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path models;
  private Path data;

  private int run(String... args) {
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  private static TfliteModel classifier(String name, float[] weights) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 1);
    TensorRef w = b.constant("dense/kernel", weights, CLASSES, 1);
    TensorRef bias = b.constant("dense/bias", new float[CLASSES], CLASSES);
    TensorRef logits = b.tensor("logits", TensorType.FLOAT32, -1, CLASSES);
    TensorRef p = b.tensor("predictions", TensorType.FLOAT32, -1, CLASSES);
    b.fullyConnected(x, w, bias, logits, Activation.NONE).softmax(logits, p, 1f).output(p);
    return b.build(name);
  }

  private static Dataset dataset(int[][] groups) {
    List<Float> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    for (int[] group : groups) {
      for (int i = 0; i < group[2]; i++) {
        x.add((float) group[0]);
        y.add(group[1]);
      }
    }
    float[] features = new float[x.size()];
    for (int i = 0; i < features.length; i++) {
      features[i] = x.get(i);
    }
    return Dataset.of(
        "data.npz",
        new int[] {1},
        features,
        y.stream().mapToInt(Integer::intValue).toArray(),
        List.of());
  }

  @BeforeEach
  void writeFixtures() {
    float[] baseline = new float[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      baseline[c] = 0.01f * c;
    }
    float[] variant = baseline.clone();
    variant[996] = 9.905f;
    models = dir.resolve("models");
    classifier("baseline", baseline).save(models.resolve("baseline.tflite"));
    classifier("pruned", variant).save(models.resolve("pruned.tflite"));
    data = dir.resolve("data.npz");
    Datasets.writeNpz(dataset(GROUPS), data);
  }

  private Path budget(String yaml) throws IOException {
    Path file = dir.resolve("budget.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void evaluate_printsTopFiveOfTheModelsThousandClasses() {
    int code =
        run("evaluate", "--data", data.toString(), models.resolve("baseline.tflite").toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("top-5       0.60465 (52 of 86; 95% CI"),
            containsString("of 1,001 classes"),
            containsString("(names not listed)")));
  }

  @Test
  void evaluate_topK_printsThatK() {
    int code =
        run(
            "evaluate",
            "--top-k",
            "10",
            "--data",
            data.toString(),
            models.resolve("pruned.tflite").toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(out.toString(), containsString("top-10      0.94186 (81 of 86;"));
    assertThat(out.toString(), not(containsString("top-5 ")));
  }

  @Test
  void compare_printsTheTopKTableWithMcNemarOnTheTopKHits() {
    int code =
        run(
            "compare",
            "--baseline",
            models.resolve("baseline.tflite").toString(),
            "--data",
            data.toString(),
            models.resolve("pruned.tflite").toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    // 30 samples leave the variant's top 5 (label 996) and 20 enter it (label 995): p = 0.2026.
    assertThat(
        out.toString(),
        allOf(
            containsString("Top-5: baseline 0.60465 (of 1,001 classes)"),
            containsString("pruned                 0.48837  -0.11628     30     20    0.2026")));
  }

  @Test
  void check_topFiveFloorMissedByTheVariant_exitsOne() throws IOException {
    Path budget = budget("default:\n  minTopKAccuracy: 55%\n  maxTopKAccuracyDrop: 20%\n");

    int code =
        run(
            "check",
            "--budget",
            budget.toString(),
            "--data",
            data.toString(),
            "--models",
            models.toString(),
            "--out",
            dir.resolve("run.json").toString());

    assertThat(out.toString() + err, code, is(ExitCode.BUDGET_VIOLATED));
    assertThat(
        out.toString(),
        allOf(
            containsString("FAIL pruned"),
            containsString("top-5 accuracy 48.84% (42 of 86 samples) < 55% budget"),
            containsString("not applicable to the baseline: maxTopKAccuracyDrop")));
  }

  @Test
  void check_topKFromTheFile_orTheCommandLine_decidesTheGate() throws IOException {
    Path atTen = budget("default:\n  minTopKAccuracy: 90%\n  topK: 10\n");
    String[] args = {
      "check",
      "--budget",
      atTen.toString(),
      "--data",
      data.toString(),
      "--models",
      models.toString()
    };

    assertThat(out.toString(), run(args), is(ExitCode.OK));

    List<String> atFive = new ArrayList<>(List.of(args));
    atFive.addAll(List.of("--top-k", "5"));
    assertThat(run(atFive.toArray(String[]::new)), is(ExitCode.BUDGET_VIOLATED));
    assertThat(out.toString(), containsString("top-5 accuracy 60.47% (52 of 86 samples) < 90%"));
  }

  @Test
  void check_recordedRun_checksTopKLikeTheLiveRun() throws IOException {
    Path run = dir.resolve("run.json");
    Path budget = budget("default:\n  minTopKAccuracy: 55%\n");
    run(
        "check",
        "--budget",
        budget.toString(),
        "--data",
        data.toString(),
        "--models",
        models.toString(),
        "--out",
        run.toString());

    int code =
        run("check", "--budget", budget.toString(), "--record", run.toString(), "--top-k", "10");

    assertThat(out.toString(), code, is(ExitCode.OK));
  }

  @Test
  void topKZero_isAUsageError() throws IOException {
    Path budget = budget("default:\n  minTopKAccuracy: 55%\n");

    int code =
        run(
            "check",
            "--budget",
            budget.toString(),
            "--data",
            data.toString(),
            "--models",
            models.toString(),
            "--top-k",
            "0");

    assertThat(code, is(ExitCode.USAGE));
    assertThat(err.toString(), containsString("--top-k must be at least 1 but was 0"));
  }

  @Test
  void labelBeyondTheModelsOutput_exitsThreeNamingFileLabelAndWidth() {
    Path wrong = dir.resolve("labels-1-based.npz");
    Datasets.writeNpz(dataset(new int[][] {{1, 1000, 2}, {1, 1001, 1}}), wrong);

    int code =
        run("evaluate", "--data", wrong.toString(), models.resolve("baseline.tflite").toString());

    assertThat(code, is(ExitCode.INVALID_INPUT));
    assertThat(
        err.toString(),
        allOf(
            containsString("labels-1-based.npz' has label 1001 (sample 2)"),
            containsString("scores 1001 classes (labels 0 to 1000)")));
  }
}
