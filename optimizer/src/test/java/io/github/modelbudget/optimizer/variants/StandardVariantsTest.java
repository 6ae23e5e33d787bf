package io.github.modelbudget.optimizer.variants;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.prune.OneShotPruningOptions;
import io.github.modelbudget.optimizer.quantize.FloatModels;
import io.github.modelbudget.optimizer.quantize.NotQuantizableException;
import io.github.modelbudget.optimizer.quantize.Tensors;
import io.github.modelbudget.optimizer.rewrite.UnmatchedFilterException;
import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.schema.ModelT;

class StandardVariantsTest {

  private static Map<String, Variant> make(TfliteModel baseline, VariantOptions options) {
    return new StandardVariants(options)
        .make(baseline).stream().collect(Collectors.toMap(Variant::name, Function.identity()));
  }

  @Test
  void seedModel_makesTheFiveMembersEachAsItsOptimizerDoes() {
    FloatModels.Seed seed = FloatModels.seed(12);

    List<Variant> family = new StandardVariants(VariantOptions.defaults()).make(seed.model());

    assertThat(family.stream().map(Variant::name).toList(), is(StandardVariants.NAMES));
    Map<String, Variant> byName =
        family.stream().collect(Collectors.toMap(Variant::name, Function.identity()));
    assertThat(byName.get("baseline").model().bytes(), is(seed.model().bytes()));
    ModelT quantized = byName.get("quantized").model().schema();
    assertThat(type(quantized, "conv2d_1/kernel"), is(TensorType.INT8));
    assertThat(type(quantized, "conv2d/kernel"), is(TensorType.FLOAT32)); // 108 < 1024 elements
    ModelT half = byName.get("float16").model().schema();
    assertThat(type(half, "conv2d/kernel"), is(TensorType.FLOAT16));
    assertThat(type(half, "dense/bias"), is(TensorType.FLOAT16));
    float[] pruned = Tensors.floats(byName.get("pruned").model().schema(), "conv2d_1/kernel");
    assertThat(zeros(pruned), is(pruned.length - Math.round(pruned.length * 0.5f)));
    ModelT prunedQuantized = byName.get("pruned_quantized").model().schema();
    assertThat(type(prunedQuantized, "conv2d_1/kernel"), is(TensorType.INT8));
    byte[] q = Tensors.data(prunedQuantized, Tensors.tensor(prunedQuantized, "conv2d_1/kernel"));
    int zeroBytes = 0;
    for (byte b : q) {
      zeroBytes += b == 0 ? 1 : 0;
    }
    // Every pruned zero stays an exact zero once quantized.
    assertThat(zeroBytes >= zeros(pruned), is(true));
    assertThat(byName.get("quantized").how(), containsString("quantized 1 tensor to int8"));
  }

  @Test
  void everyMember_runsInTheRuntimeCloseToTheBaseline() {
    FloatModels.Seed seed = FloatModels.seed(12);
    int batch = 8;
    float[] images = FloatModels.uniform(new SplittableRandom(3), batch * 28 * 28);

    List<Variant> family = new StandardVariants(VariantOptions.defaults()).make(seed.model());

    float[] expected = Tensors.run(seed.model(), batch, images).get(0);
    for (Variant variant : family) {
      float[] actual = Tensors.run(variant.model(), batch, images).get(0);
      assertThat(variant.name(), actual.length, is(batch));
      if (!variant.name().startsWith("pruned")) {
        assertThat(variant.name(), Tensors.maxAbsDifference(expected, actual), lessThan(0.05f));
      }
    }
  }

  @Test
  void sparsityOption_reachesBothPrunedMembers() {
    FloatModels.Seed seed = FloatModels.seed(13);

    Map<String, Variant> family =
        make(
            seed.model(),
            VariantOptions.defaults().withPruning(OneShotPruningOptions.perTensor(0.8)));

    float[] pruned = Tensors.floats(family.get("pruned").model().schema(), "dense/kernel");
    assertThat(zeros(pruned), is(600 - 120));
  }

  @Test
  void keepFloat_appliesWhereItMatches_andMembersItMatchesNothingInAreMadeWithoutIt() {
    FloatModels.Seed seed = FloatModels.seed(15);

    Map<String, Variant> family =
        make(
            seed.model(),
            VariantOptions.defaults()
                .withKeepFloat(Optional.of(WeightFilter.of("keep-float", "^conv2d_1/"))));

    assertThat(
        type(family.get("float16").model().schema(), "conv2d_1/kernel"), is(TensorType.FLOAT32));
    assertThat(
        type(family.get("float16").model().schema(), "conv2d/kernel"), is(TensorType.FLOAT16));
    assertThat(
        type(family.get("quantized").model().schema(), "conv2d_1/kernel"), is(TensorType.FLOAT32));
    // Nothing else in the seed reaches the 1024-element threshold: quantized is the baseline.
    assertThat(family.get("quantized").model().bytes(), is(seed.model().bytes()));

    Map<String, Variant> denseOnly =
        make(
            seed.model(),
            VariantOptions.defaults()
                .withKeepFloat(Optional.of(WeightFilter.of("keep-float", "^dense/kernel$"))));
    // The dense weights are too small for dynamic-range quantization: those members ignore it.
    assertThat(
        type(denseOnly.get("float16").model().schema(), "dense/kernel"), is(TensorType.FLOAT32));
    assertThat(
        type(denseOnly.get("quantized").model().schema(), "conv2d_1/kernel"), is(TensorType.INT8));
  }

  @Test
  void keepFloat_matchingNoMember_throws() {
    UnmatchedFilterException e =
        assertThrows(
            UnmatchedFilterException.class,
            () ->
                make(
                    FloatModels.seed(16).model(),
                    VariantOptions.defaults()
                        .withKeepFloat(Optional.of(WeightFilter.of("keep-float", "lstm")))));

    assertThat(e.getMessage(), containsString("the keep-float pattern 'lstm' matches no weight"));
  }

  @Test
  void calibration_addsAnInt8MemberLast() {
    FloatModels.Seed seed = FloatModels.seed(17);
    float[] images = FloatModels.uniform(new SplittableRandom(4), 8 * 28 * 28);
    Dataset calibration = Dataset.of("images", new int[] {28, 28}, images, new int[8], List.of());

    List<Variant> family =
        new StandardVariants(VariantOptions.defaults())
            .make(seed.model(), Optional.of(calibration));

    assertThat(family.size(), is(6));
    Variant int8 = family.get(5);
    assertThat(int8.name(), is(StandardVariants.INT8));
    assertThat(type(int8.model().schema(), "conv2d/kernel"), is(TensorType.INT8));
    assertThat(type(int8.model().schema(), "dense/bias"), is(TensorType.INT32));
    assertThat(int8.how(), containsString("calibrated on 8 samples"));
  }

  @Test
  void quantizedBaseline_isRefusedBeforeAnythingIsMade() {
    TfliteModel int8 = FloatModels.alreadyQuantized(5);

    NotQuantizableException e =
        assertThrows(
            NotQuantizableException.class,
            () -> new StandardVariants(VariantOptions.defaults()).make(int8));

    assertThat(e.getMessage(), containsString("int8_conv: expected a float model"));
  }

  @Test
  void write_putsEachMemberInItsFile(@TempDir Path dir) throws IOException {
    List<Variant> family =
        new StandardVariants(VariantOptions.defaults()).make(FloatModels.seed(14).model());

    List<Path> files = StandardVariants.write(family, dir.resolve("out"));

    try (Stream<Path> listed = Files.list(dir.resolve("out"))) {
      assertThat(
          listed.map(p -> p.getFileName().toString()).sorted().toList(),
          is(
              List.of(
                  "baseline.tflite",
                  "float16.tflite",
                  "pruned.tflite",
                  "pruned_quantized.tflite",
                  "quantized.tflite")));
    }
    for (int i = 0; i < files.size(); i++) {
      assertThat(Files.readAllBytes(files.get(i)), is(family.get(i).model().bytes()));
    }
  }

  private static TensorType type(ModelT model, String name) {
    return TensorType.fromCode(Tensors.tensor(model, name).getType()).orElseThrow();
  }

  private static int zeros(float[] values) {
    int zeros = 0;
    for (float v : values) {
      zeros += v == 0f ? 1 : 0;
    }
    return zeros;
  }
}
