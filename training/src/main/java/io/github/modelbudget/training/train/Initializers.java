package io.github.modelbudget.training.train;

import io.github.modelbudget.training.model.SequentialModel;
import io.github.modelbudget.training.train.TrainedModel.WeightShape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Keras's default initial weights, drawn from a seeded Java generator. */
final class Initializers {

  private Initializers() {}

  /**
   * Draws Glorot-uniform kernels and zero biases, in layer order.
   *
   * <p>A kernel of shape {@code [.., in, out]} with receptive field {@code r} (the product of the
   * leading dimensions, 1 for dense) is drawn from {@code U(-limit, limit)}, {@code limit = sqrt(6
   * / (r·in + r·out))}, as Keras's {@code GlorotUniform}.
   *
   * @param model the description
   * @param random the generator
   * @return the initial weights
   */
  static TrainedModel glorotUniform(SequentialModel model, SplittableRandom random) {
    List<WeightTensor> weights = new ArrayList<>();
    for (WeightShape shape : TrainedModel.expectedWeights(model)) {
      float[] values = new float[shape.size()];
      if (shape.name().endsWith("/kernel")) {
        List<Integer> dims = shape.shape();
        int fanIn = dims.get(dims.size() - 2);
        int fanOut = dims.get(dims.size() - 1);
        int receptive = shape.size() / (fanIn * fanOut);
        double limit = Math.sqrt(6.0 / (receptive * (double) fanIn + receptive * (double) fanOut));
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) random.nextDouble(-limit, limit);
        }
      }
      weights.add(new WeightTensor(shape.name(), shape.shape(), values));
    }
    return new TrainedModel(model, weights);
  }
}
