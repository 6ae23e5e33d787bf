package io.github.modelbudget.optimizer.variants;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.optimizer.prune.PruningScope;
import io.github.modelbudget.optimizer.quantize.FloatModels;
import io.github.modelbudget.optimizer.quantize.QuantizationScheme;
import io.github.modelbudget.optimizer.quantize.Tensors;
import io.github.modelbudget.optimizer.rewrite.UnmatchedFilterException;
import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import io.github.modelbudget.optimizer.search.QuantizationMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ModelT;

class VariantGridTest {

  private static final List<QuantizationMode> ALL_MODES =
      List.of(QuantizationMode.DYNAMIC, QuantizationMode.FLOAT16, QuantizationMode.INT8);

  private static VariantGrid grid(List<QuantizationMode> modes, List<Double> sparsities) {
    return new VariantGrid(
        modes,
        sparsities,
        true,
        PruningScope.PER_TENSOR,
        QuantizationScheme.TF_2_21,
        Optional.empty());
  }

  private static Dataset calibration() {
    float[] images = FloatModels.uniform(new SplittableRandom(4), 8 * 28 * 28);
    return Dataset.of("images", new int[] {28, 28}, images, new int[8], List.of());
  }

  @Test
  void names_sayHowEachMemberWasMade_inTheOrderItIsMade() {
    assertThat(
        grid(ALL_MODES, List.of(0.5, 0.875)).names(),
        is(
            List.of(
                "quantized",
                "float16",
                "int8",
                "pruned_50",
                "pruned_50_quantized",
                "pruned_50_float16",
                "pruned_50_int8",
                "pruned_87p5",
                "pruned_87p5_quantized",
                "pruned_87p5_float16",
                "pruned_87p5_int8")));
    assertThat(
        new VariantGrid(
                List.of(QuantizationMode.FLOAT16),
                List.of(0.8),
                false,
                PruningScope.PER_TENSOR,
                QuantizationScheme.TF_2_21,
                Optional.empty())
            .names(),
        is(List.of("float16", "pruned_80")));
  }

  @Test
  void make_buildsEveryMemberAsItsRewriteDoes() {
    FloatModels.Seed seed = FloatModels.seed(12);
    VariantGrid grid = grid(ALL_MODES, List.of(0.5, 0.8));

    List<Variant> members = grid.make(seed.model(), Optional.of(calibration()));

    assertThat(members.stream().map(Variant::name).toList(), is(grid.names()));
    Map<String, Variant> byName =
        members.stream().collect(Collectors.toMap(Variant::name, Function.identity()));
    for (Variant member : members) {
      assertThat(member.model().name(), is(member.name()));
    }
    assertThat(type(byName.get("quantized"), "conv2d_1/kernel"), is(TensorType.INT8));
    assertThat(type(byName.get("float16"), "conv2d/kernel"), is(TensorType.FLOAT16));
    assertThat(type(byName.get("int8"), "dense/bias"), is(TensorType.INT32));
    for (double sparsity : List.of(0.5, 0.8)) {
      String pruned = "pruned_" + Math.round(sparsity * 100);
      float[] weights = Tensors.floats(byName.get(pruned).model().schema(), "conv2d_1/kernel");
      int kept = Math.round(weights.length * (1 - (float) sparsity));
      assertThat(pruned, zeros(weights), is(weights.length - kept));
      assertThat(type(byName.get(pruned + "_int8"), "conv2d_1/kernel"), is(TensorType.INT8));
      // The combined member is the pruned model quantized: its zero weights are zero bytes.
      ModelT combined = byName.get(pruned + "_quantized").model().schema();
      byte[] q = Tensors.data(combined, Tensors.tensor(combined, "conv2d_1/kernel"));
      int zeroBytes = 0;
      for (byte b : q) {
        zeroBytes += b == 0 ? 1 : 0;
      }
      assertThat(pruned, zeroBytes >= zeros(weights), is(true));
    }
  }

  @Test
  void int8_withoutCalibration_andCalibrationWithoutInt8_areRefused() {
    FloatModels.Seed seed = FloatModels.seed(12);

    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> grid(ALL_MODES, List.of()).make(seed.model(), Optional.empty()));
    IllegalArgumentException unused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                grid(List.of(QuantizationMode.DYNAMIC), List.of())
                    .make(seed.model(), Optional.of(calibration())));

    assertThat(missing.getMessage(), containsString("no calibration data was given"));
    assertThat(unused.getMessage(), containsString("only used by INT8"));
  }

  @Test
  void badGrids_areRefusedWithTheValue() {
    IllegalArgumentException sparsity =
        assertThrows(IllegalArgumentException.class, () -> grid(List.of(), List.of(1.0)));
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class, () -> grid(List.of(QuantizationMode.NONE), List.of()));
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> grid(List.of(), List.of()));

    assertThat(sparsity.getMessage(), containsString("but is 1.0"));
    assertThat(none.getMessage(), containsString("NONE was given"));
    assertThat(empty.getMessage(), containsString("at least one"));
  }

  @Test
  void keepFloat_thatMatchesNoWeight_isAnError_butOneMemberMatchingIsEnough() {
    FloatModels.Seed seed = FloatModels.seed(12);
    List<QuantizationMode> modes = List.of(QuantizationMode.DYNAMIC, QuantizationMode.FLOAT16);

    UnmatchedFilterException typo =
        assertThrows(
            UnmatchedFilterException.class,
            () ->
                new VariantGrid(
                        modes,
                        List.of(),
                        true,
                        PruningScope.PER_TENSOR,
                        QuantizationScheme.TF_2_21,
                        Optional.of(WeightFilter.of("keep-float", "lstm")))
                    .make(seed.model(), Optional.empty()));
    // conv2d/kernel is too small for dynamic range (108 < 1024 elements) but float16 stores it.
    List<Variant> kept =
        new VariantGrid(
                modes,
                List.of(),
                true,
                PruningScope.PER_TENSOR,
                QuantizationScheme.TF_2_21,
                Optional.of(WeightFilter.of("keep-float", "^conv2d/kernel$")))
            .make(seed.model(), Optional.empty());

    assertThat(typo.getMessage(), containsString("'lstm' matches no weight"));
    assertThat(type(kept.get(1), "conv2d/kernel"), is(TensorType.FLOAT32));
    assertThat(type(kept.get(1), "conv2d_1/kernel"), is(TensorType.FLOAT16));
  }

  @Test
  void scheme_choosesTheConverterGenerationOfEveryDynamicRangeMember() {
    List<Variant> members =
        new VariantGrid(
                List.of(QuantizationMode.DYNAMIC),
                List.of(0.5),
                true,
                PruningScope.PER_TENSOR,
                QuantizationScheme.TF_2_8,
                Optional.empty())
            .make(FloatModels.seed(12).model(), Optional.empty());

    assertThat(members.get(0).how(), containsString("TF 2.8 converter's scheme"));
    assertThat(members.get(2).name(), is("pruned_50_quantized"));
    assertThat(members.get(2).how(), containsString("TF 2.8 converter's scheme"));
  }

  private static TensorType type(Variant variant, String tensor) {
    ModelT model = variant.model().schema();
    return TensorType.fromCode(Tensors.tensor(model, tensor).getType()).orElseThrow();
  }

  private static int zeros(float[] values) {
    int zeros = 0;
    for (float v : values) {
      zeros += v == 0f ? 1 : 0;
    }
    return zeros;
  }
}
