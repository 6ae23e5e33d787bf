package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.format.SchemaRoundTrip;
import io.github.modelbudget.harness.format.TfliteModel;
import java.util.List;
import org.tensorflow.lite.schema.ModelT;

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
    return TfliteModel.fromBytes(
        model.name() + " (every compared tensor an output)", SchemaRoundTrip.serialize(copy));
  }
}
