package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.format.TfliteModel;
import java.util.List;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * A copy of a model that lists chosen intermediate tensors as its graph outputs, so that an
 * ordinary session reads them after {@code Invoke}.
 *
 * <p>This is the mechanism the optimizer's int8 calibration uses, not TFLite's preserve-all-tensors
 * option: XNNPACK computes the intermediates of the operators it takes over in its own buffers, so
 * preserving the interpreter's tensors still leaves them stale, and TFLite's tracker has reports of
 * that option changing outputs. A graph output, in contrast, is materialized with or without a
 * delegate, and the models run exactly as they would otherwise.
 */
final class ObservingCopy {

  private ObservingCopy() {}

  static TfliteModel of(TfliteModel model, List<Integer> tensors) {
    ModelT copy = model.schema();
    copy.getSubgraphs()[0].setOutputs(tensors.stream().mapToInt(Integer::intValue).toArray());
    // The signature names the original outputs only; without one, the runtime uses the subgraph's.
    copy.setSignatureDefs(null);
    normalize(copy);
    return TfliteModel.fromBytes(
        model.name() + " (every compared tensor an output)", copy.serializeToBinary());
  }

  /**
   * Turns the empty vectors that unpacking made of absent ones back into absent ones, as the
   * optimizer's {@code SchemaRoundTrip} does (the harness cannot depend on it): TFLite rejects an
   * empty constant buffer and warns about empty custom options on a builtin operator.
   */
  private static void normalize(ModelT model) {
    for (BufferT buffer : model.getBuffers()) {
      if (buffer.getData() != null && buffer.getData().length == 0) {
        buffer.setData(null);
      }
    }
    if (model.getMetadataBuffer() != null && model.getMetadataBuffer().length == 0) {
      model.setMetadataBuffer(null);
    }
    if (model.getMetadata() != null && model.getMetadata().length == 0) {
      model.setMetadata(null);
    }
    for (SubGraphT subgraph : model.getSubgraphs()) {
      for (TensorT tensor : subgraph.getTensors()) {
        if (tensor.getShapeSignature() != null && tensor.getShapeSignature().length == 0) {
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
      for (OperatorT op : subgraph.getOperators()) {
        if (op.getCustomOptions() != null && op.getCustomOptions().length == 0) {
          op.setCustomOptions(null);
        }
        if (op.getIntermediates() != null && op.getIntermediates().length == 0) {
          op.setIntermediates(null);
        }
        if (op.getMutatingVariableInputs() != null && op.getMutatingVariableInputs().length == 0) {
          op.setMutatingVariableInputs(null);
        }
      }
    }
  }
}
