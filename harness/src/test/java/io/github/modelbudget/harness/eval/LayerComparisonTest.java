package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;

class LayerComparisonTest {

  private static final int INPUTS = 8;
  private static final int UNITS = 4;
  private static final int SAMPLES = 20;
  private static final float SCALE = 0.05f;
  private static final int ZERO_POINT = -3;

  private static final float[] WEIGHTS = random(UNITS * INPUTS, 1L, 1.0);
  private static final float[] PERTURBED = perturbed(WEIGHTS, 2L, 0.1);
  private static final float[] BIAS = random(UNITS, 3L, 0.5);
  private static final float[] FEATURES = random(SAMPLES * INPUTS, 4L, 1.0);

  @Test
  void quantizedVariant_metricsEqualThoseComputedByHand() {
    LayerReport report =
        LayerComparison.withDefaults().compare(baseline(), int8Relu(PERTURBED), data());

    assertThat(report.samples(), is(SAMPLES));
    assertThat(report.layers().size(), is(2));
    LayerError dense = layer(report, "h");
    LayerError relu = layer(report, "r");
    assertThat(dense.match(), is(TensorMatch.NAME));
    assertThat(dense.operator(), is("FULLY_CONNECTED"));
    assertThat(dense.scale(), is(0.0));
    assertThat(dense.rmseOverScale().isPresent(), is(false));
    assertThat(relu.match(), is(TensorMatch.POSITION));
    assertThat(relu.tensor(), is("r_int8"));
    assertThat(relu.operator(), is("RELU"));
    assertThat(relu.scale(), closeTo(SCALE, 1e-9));

    Expected h = new Expected();
    Expected r = new Expected();
    for (int s = 0; s < SAMPLES; s++) {
      double[] f = dense(WEIGHTS, s);
      double[] q = dense(PERTURBED, s);
      h.add(f, q);
      double[] fr = new double[UNITS];
      double[] qr = new double[UNITS];
      for (int u = 0; u < UNITS; u++) {
        fr[u] = Math.max(f[u], 0);
        long quantized = Math.max(-128, Math.min(127, Math.round(q[u] / SCALE) + ZERO_POINT));
        qr[u] = SCALE * (Math.max(quantized, ZERO_POINT) - ZERO_POINT);
      }
      r.add(fr, qr);
    }
    h.check(dense);
    r.check(relu);
    assertThat(relu.rmseOverScale().getAsDouble(), closeTo(r.rmse() / SCALE, 1e-4));
  }

  @Test
  void layers_areRankedLowestSnrFirst() {
    LayerReport report =
        LayerComparison.withDefaults().compare(baseline(), int8Relu(PERTURBED), data());

    double[] snrs = report.layers().stream().mapToDouble(LayerError::snrDb).toArray();
    assertThat(snrs[0] <= snrs[1], is(true));
    assertThat(report.worst().orElseThrow(), is(report.layers().get(0)));
  }

  @Test
  void identicalModels_haveNoErrorInfiniteSnrAndCosineOne() {
    LayerReport report = LayerComparison.withDefaults().compare(baseline(), baseline(), data());

    for (LayerError layer : report.layers()) {
      assertThat(layer.rmse(), is(0.0));
      assertThat(layer.maxAbsError(), is(0.0));
      assertThat(layer.snrDb(), is(Double.POSITIVE_INFINITY));
      assertThat(layer.cosineSimilarity(), closeTo(1.0, 1e-9));
    }
    assertThat(report.flagged(), is(empty()));
  }

  @Test
  void errorBeyondRounding_isFlagged() {
    float[] far = perturbed(WEIGHTS, 5L, 1.0);

    LayerReport report = LayerComparison.withDefaults().compare(baseline(), int8Relu(far), data());

    LayerError relu = layer(report, "r");
    assertThat(relu.rmseOverScale().getAsDouble() > LayerError.FLAG_THRESHOLD, is(true));
    assertThat(report.flagged(), contains(relu));
  }

  @Nested
  @DisplayName("graphs that cannot be matched")
  class Mismatches {

    @Test
    void differentOperator_isAGraphMismatchNamingBoth() {
      TfliteModelBuilder b = new TfliteModelBuilder();
      TensorRef x = b.input("x", TensorType.FLOAT32, 1, INPUTS);
      TensorRef h = b.tensor("h", TensorType.FLOAT32, 1, UNITS);
      TensorRef p = b.tensor("p", TensorType.FLOAT32, 1, UNITS);
      b.fullyConnected(x, weights(b, WEIGHTS), bias(b), h, Activation.NONE).logistic(h, p);
      TfliteModel sigmoid = b.output(p).build("sigmoid");

      GraphMismatchException e =
          assertThrows(
              GraphMismatchException.class,
              () -> LayerComparison.withDefaults().compare(baseline(), sigmoid, data()));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("sigmoid"),
              containsString("baseline"),
              containsString("operator 1"),
              containsString("LOGISTIC in the variant but RELU in the baseline")));
    }

    @Test
    void extraOperator_isAGraphMismatchListingTheOperators() {
      TfliteModelBuilder b = new TfliteModelBuilder();
      TensorRef x = b.input("x", TensorType.FLOAT32, 1, INPUTS);
      TensorRef h = b.tensor("h", TensorType.FLOAT32, 1, UNITS);
      b.fullyConnected(x, weights(b, WEIGHTS), bias(b), h, Activation.NONE);
      TfliteModel shorter = b.output(h).build("shorter");

      GraphMismatchException e =
          assertThrows(
              GraphMismatchException.class,
              () -> LayerComparison.withDefaults().compare(baseline(), shorter, data()));

      assertThat(
          e.getMessage(),
          containsString("[FULLY_CONNECTED, RELU] but the variant has 1 [FULLY_CONNECTED]"));
    }

    @Test
    void samplesOfAnotherShape_areInvalidData() {
      Dataset wrong = Dataset.of("wrong.npz", new int[] {3}, new float[6], new int[2], List.of());

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> LayerComparison.withDefaults().compare(baseline(), baseline(), wrong));

      assertThat(e.getMessage(), allOf(containsString("wrong.npz"), containsString("'x'")));
    }
  }

  /** x → FULLY_CONNECTED → h → RELU → r, all float. */
  private static TfliteModel baseline() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, 1, INPUTS);
    TensorRef h = b.tensor("h", TensorType.FLOAT32, 1, UNITS);
    TensorRef r = b.tensor("r", TensorType.FLOAT32, 1, UNITS);
    b.fullyConnected(x, weights(b, WEIGHTS), bias(b), h, Activation.NONE);
    b.operator(BuiltinOperator.RELU, 1, null, List.of(h), List.of(r));
    return b.output(r).build("baseline");
  }

  /**
   * The baseline with other weights and an int8 RELU: h → QUANTIZE → h_int8 → RELU → r_int8 →
   * DEQUANTIZE → r_float, as a full-integer converter writes an int8 island.
   */
  private static TfliteModel int8Relu(float[] weights) {
    QuantizationInfo q = QuantizationInfo.perTensor(SCALE, ZERO_POINT);
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, 1, INPUTS);
    TensorRef h = b.tensor("h", TensorType.FLOAT32, 1, UNITS);
    TensorRef hq = b.quantizedTensor("h_int8", TensorType.INT8, q, 1, UNITS);
    TensorRef rq = b.quantizedTensor("r_int8", TensorType.INT8, q, 1, UNITS);
    TensorRef r = b.tensor("r_float", TensorType.FLOAT32, 1, UNITS);
    b.fullyConnected(x, weights(b, weights), bias(b), h, Activation.NONE).quantize(h, hq);
    b.operator(BuiltinOperator.RELU, 2, null, List.of(hq), List.of(rq));
    return b.dequantize(rq, r).output(r).build("int8");
  }

  private static TensorRef weights(TfliteModelBuilder b, float[] weights) {
    return b.constant("dense/kernel", weights, UNITS, INPUTS);
  }

  private static TensorRef bias(TfliteModelBuilder b) {
    return b.constant("dense/bias", BIAS, UNITS);
  }

  private static Dataset data() {
    return Dataset.of("data.npz", new int[] {INPUTS}, FEATURES, new int[SAMPLES], List.of());
  }

  private static LayerError layer(LayerReport report, String baselineTensor) {
    return report.layers().stream()
        .filter(l -> l.baselineTensor().equals(baselineTensor))
        .findFirst()
        .orElseThrow();
  }

  private static double[] dense(float[] weights, int sample) {
    double[] out = new double[UNITS];
    for (int u = 0; u < UNITS; u++) {
      float sum = BIAS[u];
      for (int i = 0; i < INPUTS; i++) {
        sum += weights[u * INPUTS + i] * FEATURES[sample * INPUTS + i];
      }
      out[u] = sum;
    }
    return out;
  }

  private static float[] random(int count, long seed, double spread) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * spread);
    }
    return values;
  }

  private static float[] perturbed(float[] values, long seed, double spread) {
    float[] noise = random(values.length, seed, spread);
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] + noise[i];
    }
    return out;
  }

  /** The metrics of one tensor, computed here without the library. */
  private static final class Expected {
    private int samples;
    private double mean;
    private double maxAbs;
    private double mse;
    private double signal;
    private double cosine;

    void add(double[] f, double[] q) {
      double sum = 0;
      double max = 0;
      double squares = 0;
      double ff = 0;
      double qq = 0;
      double fq = 0;
      for (int i = 0; i < f.length; i++) {
        double e = f[i] - q[i];
        sum += e;
        max = Math.max(max, Math.abs(e));
        squares += e * e;
        ff += f[i] * f[i];
        qq += q[i] * q[i];
        fq += f[i] * q[i];
      }
      samples++;
      mean += sum / f.length;
      maxAbs += max;
      mse += squares / f.length;
      signal += ff / f.length;
      cosine += ff == 0 && qq == 0 ? 1 : ff == 0 || qq == 0 ? 0 : fq / Math.sqrt(ff * qq);
    }

    double rmse() {
      return Math.sqrt(mse / samples);
    }

    void check(LayerError layer) {
      assertThat(layer.elements(), is(UNITS));
      assertThat(layer.meanError(), closeTo(mean / samples, 1e-5));
      assertThat(layer.maxAbsError(), closeTo(maxAbs / samples, 1e-5));
      assertThat(layer.meanSquaredError(), closeTo(mse / samples, 1e-5));
      assertThat(layer.rmse(), closeTo(rmse(), 1e-5));
      assertThat(layer.snrDb(), closeTo(10 * Math.log10(signal / mse), 1e-3));
      assertThat(layer.cosineSimilarity(), closeTo(cosine / samples, 1e-5));
    }
  }
}
