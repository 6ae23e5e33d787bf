package io.github.modelbudget.harness.testing;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.PackOptionsT;
import org.tensorflow.lite.schema.ShapeOptionsT;
import org.tensorflow.lite.schema.StridedSliceOptionsT;

/**
 * Models shaped like the TFLite converter's output for a Keras model with a dynamic batch: the
 * reshape's target shape is computed at run time by SHAPE → STRIDED_SLICE → PACK, as in the
 * experiment's converted models.
 */
public final class ConverterStyleModels {

  private ConverterStyleModels() {}

  /**
   * {@code [N, side, side]} → SHAPE → STRIDED_SLICE (batch) → PACK {@code [N, side·side]} → RESHAPE
   * → FULLY_CONNECTED → LOGISTIC.
   *
   * @param weights {@code side·side} weights of the dense layer
   */
  public record DynamicBatchDense(TfliteModel model, int side, float[] weights, float bias) {}

  public static DynamicBatchDense dynamicBatchDense(int side, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] weights = TestModels.gaussian(random, side * side, 0.2);
    return dynamicBatchDense("converter_style", side, weights, 0.05f);
  }

  /** The same graph with given weights ({@code side·side} of them) and bias. */
  public static DynamicBatchDense dynamicBatchDense(
      String name, int side, float[] weights, float bias) {
    int features = side * side;

    TfliteModelBuilder b = new TfliteModelBuilder().description("converter-style dynamic batch");
    b.metadata("min_runtime_version", TfliteModelBuilder.minRuntimeVersion("1.14.0"));
    TensorRef input = b.input("input_1", TensorType.FLOAT32, -1, side, side);
    TensorRef shape = b.tensor("sequential/flatten/Shape", TensorType.INT32, 3);
    TensorRef begin = b.constantInt32("sequential/flatten/strided_slice/stack", new int[] {0}, 1);
    TensorRef end = b.constantInt32("sequential/flatten/strided_slice/stack_1", new int[] {1}, 1);
    TensorRef strides =
        b.constantInt32("sequential/flatten/strided_slice/stack_2", new int[] {1}, 1);
    TensorRef batch = b.tensor("sequential/flatten/strided_slice", TensorType.INT32);
    TensorRef width = b.constantInt32("sequential/flatten/Reshape/shape/1", new int[] {features});
    TensorRef newShape = b.tensor("sequential/flatten/Reshape/shape", TensorType.INT32, 2);
    TensorRef flat = b.tensor("sequential/flatten/Reshape", TensorType.FLOAT32, -1, features);
    TensorRef w = b.constant("sequential/dense/MatMul", weights, 1, features);
    TensorRef bb = b.constant("sequential/dense/BiasAdd/ReadVariableOp", new float[] {bias}, 1);
    TensorRef logit = b.tensor("sequential/dense/BiasAdd", TensorType.FLOAT32, -1, 1);
    TensorRef p = b.tensor("StatefulPartitionedCall:0", TensorType.FLOAT32, -1, 1);

    ShapeOptionsT shapeOptions = new ShapeOptionsT();
    shapeOptions.setOutType((byte) TensorType.INT32.code());
    StridedSliceOptionsT slice = new StridedSliceOptionsT();
    slice.setShrinkAxisMask(1);
    PackOptionsT pack = new PackOptionsT();
    pack.setValuesCount(2);
    pack.setAxis(0);
    b.operator(
            BuiltinOperator.SHAPE,
            1,
            union(BuiltinOptions.ShapeOptions, shapeOptions),
            List.of(input),
            List.of(shape))
        .operator(
            BuiltinOperator.STRIDED_SLICE,
            1,
            union(BuiltinOptions.StridedSliceOptions, slice),
            List.of(shape, begin, end, strides),
            List.of(batch))
        .operator(
            BuiltinOperator.PACK,
            1,
            union(BuiltinOptions.PackOptions, pack),
            List.of(batch, width),
            List.of(newShape))
        .reshape(input, newShape, flat)
        .fullyConnected(flat, w, bb, logit, Activation.NONE)
        .logistic(logit, p)
        .output(p);
    return new DynamicBatchDense(b.build(name), side, weights, bias);
  }

  private static BuiltinOptionsUnion union(byte type, Object value) {
    BuiltinOptionsUnion union = new BuiltinOptionsUnion();
    union.setType(type);
    union.setValue(value);
    return union;
  }
}
