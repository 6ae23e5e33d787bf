package io.github.modelbudget.reports;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightTypesTest {

  @Test
  void floatOnly_isFloat32() {
    assertThat(WeightTypes.describe(Map.of("FLOAT32", 65L)), is("float32"));
  }

  @Test
  void int8WeightsWithFloatBias_isHybrid() {
    assertThat(WeightTypes.describe(Map.of("FLOAT32", 1L, "INT8", 64L)), is("int8 hybrid"));
  }

  @Test
  void int8WithInt32Bias_isFullInteger() {
    assertThat(WeightTypes.describe(Map.of("INT32", 1L, "INT8", 64L)), is("int8"));
  }

  @Test
  void otherMixes_listed() {
    assertThat(WeightTypes.describe(Map.of("FLOAT16", 3L, "FLOAT32", 1L)), is("float16 + float32"));
    assertThat(WeightTypes.describe(Map.of("FLOAT16", 0L)), is("none"));
  }
}
