package io.github.modelbudget.harness.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.harness.isolation.IsolatedBackend;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.GatherOptionsT;

/** How many operators XNNPACK takes, read from the interpreter's execution plan. */
class ExecutionPlanTest {

  /**
   * FULLY_CONNECTED → LOGISTIC, which XNNPACK runs as one partition, then a GATHER, which it does
   * not support and leaves to TFLite's kernel.
   */
  static TfliteModel denseThenGather() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 4);
    TensorRef w = b.constant("dense/kernel", new float[] {1, 0, 0, 0, 0, 1, 0, 0}, 2, 4);
    TensorRef bias = b.constant("dense/bias", new float[2], 2);
    TensorRef logits = b.tensor("logits", TensorType.FLOAT32, -1, 2);
    TensorRef p = b.tensor("p", TensorType.FLOAT32, -1, 2);
    TensorRef index = b.constantInt32("index", new int[] {1}, 1);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 1);
    GatherOptionsT options = new GatherOptionsT();
    options.setAxis(1);
    BuiltinOptionsUnion union = new BuiltinOptionsUnion();
    union.setType(BuiltinOptions.GatherOptions);
    union.setValue(options);
    b.fullyConnected(x, w, bias, logits, Activation.NONE)
        .logistic(logits, p)
        .operator(BuiltinOperator.GATHER, 1, union, List.of(p, index), List.of(y))
        .output(y);
    return b.build("dense_gather");
  }

  @ParameterizedTest(name = "xnnpack={0}, isolated={1}")
  @CsvSource({"true, false, 2, 1", "false, false, 0, 0", "true, true, 2, 1"})
  void denseThenGather_executionPlan_countsTheDelegatedOperators(
      boolean xnnpack, boolean isolated, int delegated, int partitions) {
    InferenceBackend backend = isolated ? IsolatedBackend.childJvm() : InferenceBackend.tflite();
    try (LoadedModel loaded = backend.load(denseThenGather());
        Session session = loaded.openSession(SessionOptions.defaults().withXnnpack(xnnpack))) {
      ExecutionPlan plan = session.executionPlan();

      assertThat(plan.operators(), is(3));
      assertThat(plan.delegatedOperators(), is(delegated));
      assertThat(plan.delegatePartitions(), is(partitions));
      assertThat(plan.undelegatedOperators(), is(3 - delegated));
    }
  }
}
