package io.github.modelbudget.training.train;

import io.github.modelbudget.training.model.Dropout;
import io.github.modelbudget.training.model.SequentialModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws dropout masks in Java (inverted dropout: kept inputs are scaled by {@code 1 / (1 - rate)}),
 * so that they follow the training seed rather than TensorFlow's random ops.
 */
final class DropoutMasks {

  private DropoutMasks() {}

  /** Returns the per-sample size of every dropout layer's input, in order. */
  static List<Integer> sizes(SequentialModel model) {
    List<Integer> sizes = new ArrayList<>();
    List<List<Integer>> shapes = model.layerOutputShapes();
    for (int i = 0; i < model.layers().size(); i++) {
      if (model.layers().get(i) instanceof Dropout) {
        sizes.add(shapes.get(i).stream().reduce(1, (a, b) -> a * b));
      }
    }
    return List.copyOf(sizes);
  }

  /** Draws one mask per dropout layer for a batch. */
  static List<float[]> draw(
      SequentialModel model, List<Integer> sizes, int count, SplittableRandom random) {
    List<float[]> masks = new ArrayList<>();
    int d = 0;
    for (int i = 0; i < model.layers().size(); i++) {
      if (model.layers().get(i) instanceof Dropout dropout) {
        float[] mask = new float[sizes.get(d++) * count];
        float kept = (float) (1 / (1 - dropout.rate()));
        for (int j = 0; j < mask.length; j++) {
          mask[j] = random.nextDouble() < dropout.rate() ? 0f : kept;
        }
        masks.add(mask);
      }
    }
    return masks;
  }
}
