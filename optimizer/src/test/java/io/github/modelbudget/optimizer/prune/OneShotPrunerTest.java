package io.github.modelbudget.optimizer.prune;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import io.github.modelbudget.optimizer.quantize.FloatModels;
import io.github.modelbudget.optimizer.quantize.QuantizedModel;
import io.github.modelbudget.optimizer.quantize.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.TensorT;

class OneShotPrunerTest {

  private static final List<String> WEIGHTS =
      List.of("conv/filter", "depthwise/filter", "dense/kernel");

  @Test
  void perTensor_eachWeightFollowsTheMagnitudeRule() {
    FloatModels.Mixed mixed = FloatModels.mixed(51);
    List<float[]> originals = List.of(mixed.conv(), mixed.depthwise(), mixed.dense());

    OneShotPruningResult result =
        new OneShotPruner(OneShotPruningOptions.perTensor(0.75)).prune(mixed.model());

    ModelT pruned = result.model().schema();
    List<TensorSparsity> report = result.report().tensors();
    assertThat(report.stream().map(TensorSparsity::name).toList(), is(WEIGHTS));
    assertThat(
        report.stream().map(TensorSparsity::operator).toList(),
        contains("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"));
    for (int i = 0; i < WEIGHTS.size(); i++) {
      float[] original = originals.get(i);
      float threshold = ExpectedPruning.threshold(original, 0.75);
      float[] expected = ExpectedPruning.keep(original, threshold);
      assertThat(WEIGHTS.get(i), Tensors.floats(pruned, WEIGHTS.get(i)), is(expected));
      TensorSparsity sparsity = report.get(i);
      assertThat(sparsity.threshold(), is(threshold));
      assertThat(sparsity.elements(), is(original.length));
      assertThat(sparsity.zerosBefore(), is(ExpectedPruning.zeros(original)));
      assertThat(sparsity.zerosAfter(), is(ExpectedPruning.zeros(expected)));
      // k = round(n / 4) weights survive; random floats have no ties at the threshold.
      assertThat(sparsity.zerosAfter(), is(original.length - Math.round(original.length * 0.25f)));
    }
    assertThat(report.get(0).sparsityBefore(), is(1.0 / FloatModels.Mixed.FILTERS));
    assertThat(result.report().overallSparsity(), closeTo(0.75, 1e-3));
    assertThat(result.model().name(), is("mixed_pruned"));
  }

  @Test
  void global_oneThresholdOverAllWeights() {
    FloatModels.Mixed mixed = FloatModels.mixed(52);
    float[] all = ExpectedPruning.concat(mixed.conv(), mixed.depthwise(), mixed.dense());
    float threshold = ExpectedPruning.threshold(all, 0.75);

    OneShotPruningResult result =
        new OneShotPruner(OneShotPruningOptions.global(0.75)).prune(mixed.model());

    ModelT pruned = result.model().schema();
    assertThat(
        Tensors.floats(pruned, "conv/filter"), is(ExpectedPruning.keep(mixed.conv(), threshold)));
    assertThat(
        Tensors.floats(pruned, "depthwise/filter"),
        is(ExpectedPruning.keep(mixed.depthwise(), threshold)));
    assertThat(
        Tensors.floats(pruned, "dense/kernel"), is(ExpectedPruning.keep(mixed.dense(), threshold)));
    List<TensorSparsity> report = result.report().tensors();
    assertThat(report.stream().map(TensorSparsity::threshold).toList(), everyItem(is(threshold)));
    long kept = Math.round(all.length * 0.25);
    assertThat(result.report().overallSparsity(), is((double) (all.length - kept) / all.length));
    // The dense weights (std 0.05) are smaller than the depthwise ones (std 0.3): they lose more.
    assertThat(report.get(2).sparsityAfter(), greaterThan(0.8));
    assertThat(report.get(1).sparsityAfter(), lessThan(0.5));
  }

  @Test
  void pruning_leavesBiasesAndEveryOtherTensorUntouched() {
    FloatModels.Mixed mixed = FloatModels.mixed(53);
    ModelT before = mixed.model().schema();

    ModelT after =
        new OneShotPruner(OneShotPruningOptions.perTensor(0.9))
            .prune(mixed.model())
            .model()
            .schema();

    assertThat(Tensors.operators(after), is(Tensors.operators(before)));
    for (TensorT tensor : before.getSubgraphs()[0].getTensors()) {
      TensorT pruned = Tensors.tensor(after, tensor.getName());
      assertThat(tensor.getName(), pruned.getType(), is(tensor.getType()));
      assertThat(tensor.getName(), pruned.getShape(), is(tensor.getShape()));
      if (tensor.getBuffer() > 0 && !WEIGHTS.contains(tensor.getName())) {
        assertThat(tensor.getName(), Tensors.data(after, pruned), is(Tensors.data(before, tensor)));
      }
    }
    assertThat(Tensors.floats(after, "dense/bias"), is(mixed.denseBias()));
  }

  @Test
  void zeroSparsity_keepsEveryWeight_andTheOutputs() {
    FloatModels.Seed seed = FloatModels.seed(54);
    float[] input = FloatModels.uniform(new SplittableRandom(1), 2 * 28 * 28);

    OneShotPruningResult result =
        new OneShotPruner(OneShotPruningOptions.perTensor(0)).prune(seed.model());

    assertThat(Tensors.floats(result.model().schema(), "conv2d_1/kernel"), is(seed.conv2()));
    assertThat(
        Tensors.run(result.model(), 2, input).get(0),
        is(Tensors.run(seed.model(), 2, input).get(0)));
  }

  @Test
  void prunedSeedModel_runsAtSeveralBatchSizes() {
    FloatModels.Seed seed = FloatModels.seed(55);

    OneShotPruningResult result =
        new OneShotPruner(OneShotPruningOptions.perTensor(0.8)).prune(seed.model());

    assertThat(result.report().tensors().size(), is(3));
    for (TensorSparsity tensor : result.report().tensors()) {
      assertThat(tensor.name(), tensor.sparsityAfter(), closeTo(0.8, 0.005));
    }
    for (int batch : new int[] {1, 3}) {
      float[] input = FloatModels.uniform(new SplittableRandom(batch), batch * 28 * 28);
      float[] output = Tensors.run(result.model(), batch, input).get(0);
      assertThat(output.length, is(batch));
      for (float p : output) {
        assertThat(p, greaterThan(0f));
        assertThat(p, lessThan(1f));
      }
    }
    assertThat(result.report().summary(), containsString("pruned 3 weight tensors"));
  }

  @Test
  void prunedThenQuantized_keepsTheZeros_andAPrunedChannelGetsScaleZero() {
    FloatModels.Mixed mixed = FloatModels.mixed(56, false);
    float[] input = FloatModels.uniform(new SplittableRandom(2), 3 * mixed.inputSize());

    TfliteModel pruned =
        new OneShotPruner(OneShotPruningOptions.perTensor(0.8)).prune(mixed.model()).model();
    QuantizedModel quantized = DynamicRangeQuantizer.withDefaults().quantize(pruned);

    ModelT p = pruned.schema();
    ModelT q = quantized.model().schema();
    for (String name : WEIGHTS) {
      float[] prunedWeights = Tensors.floats(p, name);
      byte[] int8 = Tensors.data(q, Tensors.tensor(q, name));
      for (int i = 0; i < prunedWeights.length; i++) {
        if (prunedWeights[i] == 0f) {
          assertThat(name + "[" + i + "]", int8[i], is((byte) 0));
        }
      }
    }
    float[] convScales = Tensors.tensor(q, "conv/filter").getQuantization().getScale();
    // The hundred-times-smaller filter loses every weight to pruning; the zero filter stays zero.
    assertThat(convScales[FloatModels.Mixed.SMALL_FILTER], is(0f));
    assertThat(convScales[FloatModels.Mixed.ZERO_FILTER], is(0f));
    assertThat(quantized.report().quantized().get(0).zeroChannels(), is(2));
    float[] expected = Tensors.run(pruned, 3, input).get(0);
    float[] actual = Tensors.run(quantized.model(), 3, input).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThanOrEqualTo(0.02f));
  }

  @Test
  void prunedThenQuantizedSeedModel_runsCloseToThePrunedModel() {
    FloatModels.Seed seed = FloatModels.seed(57);
    float[] input = FloatModels.uniform(new SplittableRandom(3), 4 * 28 * 28);

    TfliteModel pruned =
        new OneShotPruner(OneShotPruningOptions.perTensor(0.8)).prune(seed.model()).model();
    TfliteModel quantized = DynamicRangeQuantizer.withDefaults().quantize(pruned).model();

    float[] expected = Tensors.run(pruned, 4, input).get(0);
    float[] actual = Tensors.run(quantized, 4, input).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThanOrEqualTo(0.02f));
  }

  @Test
  void sparseWeights_areLeftAlone() {
    FloatModels.Mixed mixed = FloatModels.mixed(60, false);
    TfliteModel sparse = FloatModels.withSparseDense(mixed);

    OneShotPruningResult result =
        new OneShotPruner(OneShotPruningOptions.perTensor(0.5)).prune(sparse);

    assertThat(
        result.report().tensors().stream().map(TensorSparsity::name).toList(),
        contains("conv/filter", "depthwise/filter"));
    assertThat(Tensors.floats(result.model().schema(), "dense/kernel"), is(mixed.dense()));
    assertThat(
        result.report().skipped(),
        contains("'dense/kernel' of FULLY_CONNECTED is stored in a sparse format"));
    assertThat(
        result.report().summary(),
        containsString(
            "; left alone: 'dense/kernel' of FULLY_CONNECTED is stored in a sparse format"));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 1.5, -0.1, Double.NaN})
    void sparsityOutsideTheRange_isRejected(double sparsity) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> OneShotPruningOptions.perTensor(sparsity));

      assertThat(e.getMessage(), is("sparsity must be in [0, 1) but was " + sparsity));
    }

    @Test
    void quantizedModel_throwsNamingTheModelAndTensor_andWritesNothing() throws IOException {
      TfliteModel int8 = FloatModels.alreadyQuantized(58);
      Path target = dir.resolve("pruned.tflite");

      NotPrunableException e =
          assertThrows(
              NotPrunableException.class,
              () -> new OneShotPruner(OneShotPruningOptions.perTensor(0.5)).prune(int8, target));

      assertThat(
          e.getMessage(),
          is(
              "int8_conv: expected FLOAT32 constant weights in CONV_2D, DEPTHWISE_CONV_2D or"
                  + " FULLY_CONNECTED but found 'conv/filter' of CONV_2D is INT8"));
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.toList(), is(List.of()));
      }
    }

    @Test
    void modelWithoutWeights_comesBackUnchanged() {
      TfliteModel square = FloatModels.weightless();

      OneShotPruningResult result =
          new OneShotPruner(OneShotPruningOptions.global(0.5)).prune(square);

      assertThat(result.model(), is(sameInstance(square)));
      assertThat(result.report().tensors(), is(List.of()));
      assertThat(
          result.report().summary(),
          is("square: no CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED weights to prune"));
    }
  }

  @Test
  void pruneToFile_writesTheModelAtomically(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("pruned.tflite");

    OneShotPruningResult result =
        new OneShotPruner(OneShotPruningOptions.perTensor(0.5))
            .prune(FloatModels.seed(59).model(), target);

    assertThat(TfliteModel.read(target).sha256(), is(result.model().sha256()));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(
          Set.copyOf(files.map(f -> f.getFileName().toString()).toList()),
          is(Set.of("pruned.tflite")));
    }
  }
}
