package io.github.modelbudget.harness.format;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Serializes a model unpacked with {@code ModelT.deserializeFromBinary} so that vectors absent from
 * the original stay absent.
 *
 * <p>The schema's object API unpacks an absent vector as an empty array and packs an empty array as
 * a present-but-empty vector. TFLite 2.21 treats those differently from absent ones: an empty
 * {@code custom_options} on a builtin operator makes the interpreter log "Found builtin operator …
 * with custom options", and an empty constant buffer makes it reject the model. Every rewrite of a
 * {@code .tflite} file goes through here: the optimizer's, and the per-layer comparison's copy that
 * lists every compared tensor as an output.
 */
public final class SchemaRoundTrip {

  private SchemaRoundTrip() {}

  /**
   * Turns the model's empty optional vectors back into absent ones, then serializes it.
   *
   * @param model an unpacked model; its empty arrays are replaced by {@code null}
   * @return the flatbuffer bytes
   */
  public static byte[] serialize(ModelT model) {
    Objects.requireNonNull(model, "model");
    for (BufferT buffer : orEmpty(model.getBuffers())) {
      if (isEmpty(buffer.getData())) {
        buffer.setData(null);
      }
    }
    if (isEmpty(model.getMetadataBuffer())) {
      model.setMetadataBuffer(null);
    }
    if (model.getMetadata() != null && model.getMetadata().length == 0) {
      model.setMetadata(null);
    }
    if (model.getSignatureDefs() != null && model.getSignatureDefs().length == 0) {
      model.setSignatureDefs(null);
    }
    for (SubGraphT subgraph : orEmpty(model.getSubgraphs())) {
      for (TensorT tensor : orEmpty(subgraph.getTensors())) {
        normalize(tensor);
      }
      for (OperatorT op : orEmpty(subgraph.getOperators())) {
        if (isEmpty(op.getCustomOptions())) {
          op.setCustomOptions(null);
        }
        if (isEmpty(op.getIntermediates())) {
          op.setIntermediates(null);
        }
        if (op.getMutatingVariableInputs() != null && op.getMutatingVariableInputs().length == 0) {
          op.setMutatingVariableInputs(null);
        }
      }
    }
    return model.serializeToBinary();
  }

  private static void normalize(TensorT tensor) {
    // An empty signature could only belong to a scalar, whose shape says the same.
    if (isEmpty(tensor.getShapeSignature())) {
      tensor.setShapeSignature(null);
    }
    if (tensor.getVariantTensors() != null && tensor.getVariantTensors().length == 0) {
      tensor.setVariantTensors(null);
    }
    QuantizationParametersT q = tensor.getQuantization();
    if (q != null) {
      if (q.getScale() != null && q.getScale().length == 0) {
        q.setScale(null);
      }
      if (q.getZeroPoint() != null && q.getZeroPoint().length == 0) {
        q.setZeroPoint(null);
      }
      if (q.getMin() != null && q.getMin().length == 0) {
        q.setMin(null);
      }
      if (q.getMax() != null && q.getMax().length == 0) {
        q.setMax(null);
      }
    }
  }

  private static boolean isEmpty(int[] values) {
    return values != null && values.length == 0;
  }

  private static <T> List<T> orEmpty(T[] values) {
    return values == null ? List.of() : Arrays.asList(values);
  }
}
