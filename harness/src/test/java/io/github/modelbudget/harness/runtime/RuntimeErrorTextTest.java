package io.github.modelbudget.harness.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.harness.isolation.IsolatedBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.GatherOptionsT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.TensorT;

/**
 * When TFLite rejects a model, its own sentence (printed by its native error reporter) is in the
 * exception, with the model's file, in process and in the isolated child.
 */
class RuntimeErrorTextTest {

  @TempDir Path dir;

  private static InferenceBackend backend(boolean isolated) {
    return isolated ? IsolatedBackend.childJvm() : InferenceBackend.tflite();
  }

  /**
   * A hybrid FULLY_CONNECTED whose per-channel weights claim quantized dimension 3 of a rank-2
   * tensor: the flatbuffer verifies, and TFLite's interpreter builder refuses it.
   */
  private TfliteModel badQuantizedDimension() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 4);
    TensorRef w =
        b.quantizedConstant(
            "dense/kernel",
            TensorType.INT8,
            new byte[] {1, 2, 3, 4, -1, -2, -3, -4},
            QuantizationInfo.perChannel(0, 0.1f, 0.2f),
            2,
            4);
    TensorRef bias = b.constant("dense/bias", new float[2], 2);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 2);
    b.fullyConnected(x, w, bias, y, Activation.NONE, true).output(y);
    ModelT schema = b.build("bad_dimension").schema();
    TensorT weights = schema.getSubgraphs()[0].getTensors()[w.index()];
    weights.getQuantization().setQuantizedDimension(3);
    return saved("bad_dimension", schema);
  }

  /** A RESHAPE of 4 values into [1, 6]: refused when tensors are allocated. */
  private TfliteModel badReshape() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, 1, 4);
    TensorRef shape = b.constantInt32("shape", new int[] {1, 6}, 2);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, 1, 6);
    b.reshape(x, shape, y).output(y);
    return saved("bad_reshape", b.build("bad_reshape").schema());
  }

  /** A GATHER of index 7 from 4 values: its kernel fails only when the model is invoked. */
  private TfliteModel badGather() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, 1, 4);
    TensorRef index = b.constantInt32("index", new int[] {7}, 1);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, 1, 1);
    GatherOptionsT options = new GatherOptionsT();
    options.setAxis(1);
    BuiltinOptionsUnion union = new BuiltinOptionsUnion();
    union.setType(BuiltinOptions.GatherOptions);
    union.setValue(options);
    b.operator(BuiltinOperator.GATHER, 1, union, List.of(x, index), List.of(y)).output(y);
    return saved("bad_gather", b.build("bad_gather").schema());
  }

  private TfliteModel saved(String name, ModelT schema) {
    Path file = dir.resolve(name + ".tflite");
    TfliteModel.fromBytes(name, schema.serializeToBinary()).save(file);
    return TfliteModel.read(file);
  }

  private static ModelRuntimeException openFails(InferenceBackend backend, TfliteModel model) {
    return assertThrows(
        ModelRuntimeException.class,
        () -> {
          try (LoadedModel loaded = backend.load(model)) {
            loaded.openSession().close();
          }
        });
  }

  @ParameterizedTest(name = "isolated={0}")
  @ValueSource(booleans = {false, true})
  void interpreterBuilderRejects_exceptionHasTfliteSentenceAndFile(boolean isolated) {
    TfliteModel model = badQuantizedDimension();

    ModelRuntimeException e = openFails(backend(isolated), model);

    assertThat(
        e.getMessage(),
        allOf(
            containsString(dir.resolve("bad_dimension.tflite").toString()),
            containsString("could not build an interpreter"),
            containsString("quantized_dimension must be in range [0, 2). Was 3."),
            not(containsString("on standard error"))));
  }

  @ParameterizedTest(name = "isolated={0}")
  @ValueSource(booleans = {false, true})
  void kernelRejectsOnAllocate_exceptionHasTfliteSentenceAndFile(boolean isolated) {
    TfliteModel model = badReshape();

    ModelRuntimeException e = openFails(backend(isolated), model);

    assertThat(
        e.getMessage(),
        allOf(
            containsString(dir.resolve("bad_reshape.tflite").toString()),
            containsString("allocating tensors"),
            // XNNPACK takes the RESHAPE and fails; without it TFLite's own kernel would.
            containsString("XNNPack delegate failed to reshape runtime"),
            containsString("failed to prepare."),
            not(containsString("on standard error"))));
  }

  @ParameterizedTest(name = "isolated={0}")
  @ValueSource(booleans = {false, true})
  void kernelFailsOnInvoke_exceptionHasTfliteSentenceAndFile(boolean isolated) {
    TfliteModel model = badGather();

    try (LoadedModel loaded = backend(isolated).load(model);
        Session session = loaded.openSession()) {
      session.setInput(0, new float[4]);
      ModelRuntimeException e = assertThrows(ModelRuntimeException.class, session::invoke);

      assertThat(
          e.getMessage(),
          allOf(
              containsString(dir.resolve("bad_gather.tflite").toString()),
              containsString("failed to invoke"),
              containsString("Node number 0 (GATHER) failed to invoke."),
              not(containsString("on standard error"))));
    }
  }

  @Test
  void concurrentFailuresAndSuccesses_eachExceptionHasItsOwnText() throws Exception {
    TfliteModel bad = badReshape();
    TfliteModel good = saved("good", badReshapeFixed());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results =
          pool.invokeAll(
              java.util.stream.IntStream.range(0, 24)
                  .<java.util.concurrent.Callable<String>>mapToObj(
                      i ->
                          () -> {
                            if (i % 2 == 0) {
                              return openFails(InferenceBackend.tflite(), bad).getMessage();
                            }
                            try (LoadedModel loaded = InferenceBackend.tflite().load(good);
                                Session session = loaded.openSession()) {
                              session.setInput(0, new float[] {1, 2, 3, 4});
                              session.invoke();
                              return "ok " + session.output(0).length;
                            }
                          })
                  .toList());
      for (int i = 0; i < results.size(); i++) {
        String result = results.get(i).get();
        if (i % 2 == 0) {
          assertThat(result, containsString("bad_reshape.tflite"));
          // Exactly one failure's text: no other thread's capture leaked into this one.
          assertThat(result.split("failed to prepare", -1).length, is(2));
        } else {
          assertThat(result, is("ok 4"));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static ModelT badReshapeFixed() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, 1, 4);
    TensorRef shape = b.constantInt32("shape", new int[] {2, 2}, 2);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, 2, 2);
    b.reshape(x, shape, y).output(y);
    return b.build("good").schema();
  }
}
