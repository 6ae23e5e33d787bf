package io.github.modelbudget.training.export;

import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.training.model.Activation;
import io.github.modelbudget.training.model.AveragePool2D;
import io.github.modelbudget.training.model.Conv2D;
import io.github.modelbudget.training.model.Dense;
import io.github.modelbudget.training.model.Dropout;
import io.github.modelbudget.training.model.Flatten;
import io.github.modelbudget.training.model.InvalidModelSpecException;
import io.github.modelbudget.training.model.Layer;
import io.github.modelbudget.training.model.MaxPool2D;
import io.github.modelbudget.training.model.Reshape;
import io.github.modelbudget.training.model.SequentialModel;
import io.github.modelbudget.training.train.TrainedModel;
import io.github.modelbudget.training.train.WeightTensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Exports a {@link TrainedModel} as a float32 {@code .tflite} model, the way TensorFlow's converter
 * lays it out:
 *
 * <ul>
 *   <li>the input {@code input} has a dynamic batch dimension (-1); the output is {@code output};
 *       both are mapped in a {@code serving_default} signature;
 *   <li>{@code Conv2D} becomes {@code CONV_2D} with its filter in OHWI (from TensorFlow's HWIO),
 *       {@code Dense} becomes {@code FULLY_CONNECTED} with weights {@code [out, in]} (from {@code
 *       [in, out]}); a ReLU is fused into them, a sigmoid or softmax follows as {@code LOGISTIC} or
 *       {@code SOFTMAX};
 *   <li>{@code Reshape} and {@code Flatten} become {@code RESHAPE} to a shape with a -1 batch;
 *       pools become {@code MAX_POOL_2D} and {@code AVERAGE_POOL_2D}; {@code Dropout} is dropped;
 *   <li>weights are named {@code <layer>/kernel} and {@code <layer>/bias} (e.g. {@code
 *       conv2d/kernel}), intermediate tensors {@code <layer>/<op>} (e.g. {@code conv2d/Relu}).
 * </ul>
 */
public final class TfliteExporter {

  private static final String INPUT = "input";
  private static final String OUTPUT = "output";

  private TfliteExporter() {}

  /**
   * Builds the {@code .tflite} model, named after the model description.
   *
   * @param trained the model and its weights
   * @return the verified model
   * @throws InvalidModelSpecException if the model has no layer that computes anything
   */
  public static TfliteModel export(TrainedModel trained) {
    return export(trained, trained.model().name());
  }

  /**
   * Builds the {@code .tflite} model under a name.
   *
   * @param trained the model and its weights
   * @param name the model's name
   * @return the verified model
   * @throws InvalidModelSpecException if the model has no layer that computes anything
   */
  public static TfliteModel export(TrainedModel trained, String name) {
    Objects.requireNonNull(name, "name");
    SequentialModel model = trained.model();
    int last = lastComputingLayer(model);
    List<String> names = model.layerNames();
    List<List<Integer>> shapes = model.layerOutputShapes();
    TfliteModelBuilder b = new TfliteModelBuilder().description("ModelBudget optimizer: " + name);
    TensorRef x = b.input(INPUT, TensorType.FLOAT32, batched(model.inputShape()));
    for (int i = 0; i <= last; i++) {
      Layer layer = model.layers().get(i);
      String layerName = names.get(i);
      int[] out = batched(shapes.get(i));
      boolean isLast = i == last;
      if (layer instanceof Reshape || layer instanceof Flatten) {
        TensorRef shape = b.constantInt32(layerName + "/shape", out, out.length);
        TensorRef y = b.tensor(tensorName(layerName + "/Reshape", isLast), TensorType.FLOAT32, out);
        b.reshape(x, shape, y);
        x = y;
      } else if (layer instanceof Conv2D conv) {
        WeightTensor kernel = weight(trained, layerName + "/kernel");
        List<Integer> hwio = kernel.shape();
        TensorRef filter =
            b.constant(
                kernel.name(),
                hwioToOhwi(kernel.values(), hwio),
                hwio.get(3),
                hwio.get(0),
                hwio.get(1),
                hwio.get(2));
        TensorRef bias = bias(b, trained, layerName);
        boolean separate = separateActivation(conv.activation());
        TensorRef y =
            b.tensor(
                tensorName(layerName + opSuffix(conv.activation()), isLast && !separate),
                TensorType.FLOAT32,
                out);
        b.conv2d(x, filter, bias, y, conv.padding(), conv.strides(), fused(conv.activation()));
        x = activation(b, y, conv.activation(), layerName, out, isLast);
      } else if (layer instanceof Dense dense) {
        WeightTensor kernel = weight(trained, layerName + "/kernel");
        int in = kernel.shape().get(0);
        int units = kernel.shape().get(1);
        TensorRef weights =
            b.constant(kernel.name(), transpose(kernel.values(), in, units), units, in);
        TensorRef bias = bias(b, trained, layerName);
        boolean separate = separateActivation(dense.activation());
        TensorRef y =
            b.tensor(
                tensorName(layerName + opSuffix(dense.activation()), isLast && !separate),
                TensorType.FLOAT32,
                out);
        b.fullyConnected(x, weights, bias, y, fused(dense.activation()));
        x = activation(b, y, dense.activation(), layerName, out, isLast);
      } else if (layer instanceof MaxPool2D pool) {
        TensorRef y = b.tensor(tensorName(layerName + "/MaxPool", isLast), TensorType.FLOAT32, out);
        b.maxPool2d(x, y, pool.padding(), pool.poolSize(), pool.strides());
        x = y;
      } else if (layer instanceof AveragePool2D pool) {
        TensorRef y = b.tensor(tensorName(layerName + "/AvgPool", isLast), TensorType.FLOAT32, out);
        b.averagePool2d(x, y, pool.padding(), pool.poolSize(), pool.strides());
        x = y;
      } else if (!(layer instanceof Dropout)) {
        throw new IllegalStateException("unknown layer " + layer);
      }
    }
    b.output(x);
    return b.build(name);
  }

  /**
   * Builds the {@code .tflite} model and writes it atomically (a temporary file beside the target,
   * then a move), so a failure never leaves a partial file.
   *
   * @param trained the model and its weights
   * @param target the file to write
   * @return the model written
   */
  public static TfliteModel exportTo(TrainedModel trained, Path target) {
    TfliteModel model = export(trained);
    model.save(target);
    return model;
  }

  private static int lastComputingLayer(SequentialModel model) {
    for (int i = model.layers().size() - 1; i >= 0; i--) {
      if (!(model.layers().get(i) instanceof Dropout)) {
        return i;
      }
    }
    throw new InvalidModelSpecException(
        model.name(), "only Dropout layers: an exported model needs a layer that computes");
  }

  private static TensorRef activation(
      TfliteModelBuilder b,
      TensorRef y,
      Activation activation,
      String layerName,
      int[] shape,
      boolean isLast) {
    if (activation == Activation.SIGMOID) {
      TensorRef p = b.tensor(tensorName(layerName + "/Sigmoid", isLast), TensorType.FLOAT32, shape);
      b.logistic(y, p);
      return p;
    }
    if (activation == Activation.SOFTMAX) {
      TensorRef p = b.tensor(tensorName(layerName + "/Softmax", isLast), TensorType.FLOAT32, shape);
      b.softmax(y, p, 1f);
      return p;
    }
    return y;
  }

  private static boolean separateActivation(Activation activation) {
    return activation == Activation.SIGMOID || activation == Activation.SOFTMAX;
  }

  private static io.github.modelbudget.harness.format.Activation fused(Activation activation) {
    return activation == Activation.RELU
        ? io.github.modelbudget.harness.format.Activation.RELU
        : io.github.modelbudget.harness.format.Activation.NONE;
  }

  private static String opSuffix(Activation activation) {
    return activation == Activation.RELU ? "/Relu" : "/BiasAdd";
  }

  private static String tensorName(String name, boolean isOutput) {
    return isOutput ? OUTPUT : name;
  }

  private static TensorRef bias(TfliteModelBuilder b, TrainedModel trained, String layerName) {
    WeightTensor bias = weight(trained, layerName + "/bias");
    return b.constant(bias.name(), bias.values(), bias.size());
  }

  private static WeightTensor weight(TrainedModel trained, String name) {
    return trained
        .weight(name)
        .orElseThrow(() -> new IllegalStateException("validated model lacks weight " + name));
  }

  private static int[] batched(List<Integer> sample) {
    int[] dims = new int[sample.size() + 1];
    dims[0] = -1;
    for (int i = 0; i < sample.size(); i++) {
      dims[i + 1] = sample.get(i);
    }
    return dims;
  }

  /**
   * Reorders a convolution filter from TensorFlow's {@code [h, w, in, out]} to TFLite's {@code
   * [out, h, w, in]}.
   *
   * @param values the filter in HWIO order
   * @param hwio the HWIO shape
   * @return the filter in OHWI order
   */
  static float[] hwioToOhwi(float[] values, List<Integer> hwio) {
    int kh = hwio.get(0);
    int kw = hwio.get(1);
    int in = hwio.get(2);
    int out = hwio.get(3);
    float[] ohwi = new float[values.length];
    for (int h = 0; h < kh; h++) {
      for (int w = 0; w < kw; w++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            ohwi[((o * kh + h) * kw + w) * in + i] = values[((h * kw + w) * in + i) * out + o];
          }
        }
      }
    }
    return ohwi;
  }

  /**
   * Transposes a row-major {@code [rows, cols]} matrix.
   *
   * @param values the matrix
   * @param rows its rows
   * @param cols its columns
   * @return the {@code [cols, rows]} transpose
   */
  static float[] transpose(float[] values, int rows, int cols) {
    float[] transposed = new float[values.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        transposed[c * rows + r] = values[r * cols + c];
      }
    }
    return transposed;
  }
}
