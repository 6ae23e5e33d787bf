package io.github.modelbudget.harness.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs each activation of a variant with the baseline's: by name where the baseline has a tensor
 * of that name and size (a dynamic-range or float16 variant keeps every activation's name),
 * otherwise as the same output of the same computing operator (a full-integer variant renames the
 * tensors its float input and output edges pass through {@code QUANTIZE} and {@code DEQUANTIZE}).
 */
final class TensorPairs {

  /** One tensor of each model, and the baseline operator that writes it. */
  record Pair(int baseline, int variant, GraphTensors.Layer layer, TensorMatch match) {}

  private TensorPairs() {}

  static List<Pair> match(GraphTensors baseline, GraphTensors variant) {
    List<GraphTensors.Layer> ours = baseline.layers();
    List<GraphTensors.Layer> theirs = variant.layers();
    String where =
        variant.model().origin()
            + " cannot be compared layer by layer with its baseline "
            + baseline.model().origin()
            + ": ";
    for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
      if (!ours.get(i).operator().equals(theirs.get(i).operator())) {
        throw new GraphMismatchException(
            where
                + "operator "
                + i
                + " (not counting QUANTIZE, DEQUANTIZE and DENSIFY) is "
                + theirs.get(i).operator()
                + " in the variant but "
                + ours.get(i).operator()
                + " in the baseline");
      }
    }
    if (ours.size() != theirs.size()) {
      throw new GraphMismatchException(
          where
              + "the baseline has "
              + ours.size()
              + " computing operators "
              + names(ours)
              + " but the variant has "
              + theirs.size()
              + " "
              + names(theirs));
    }

    Map<String, Integer> byName = new HashMap<>();
    for (GraphTensors.Layer layer : ours) {
      for (int output : layer.outputs()) {
        if (baseline.readableActivation(output)) {
          byName.put(baseline.tensor(output).getName(), output);
        }
      }
    }
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < ours.size(); i++) {
      int[] baselineOutputs = ours.get(i).outputs();
      int[] variantOutputs = theirs.get(i).outputs();
      for (int j = 0; j < Math.min(baselineOutputs.length, variantOutputs.length); j++) {
        int v = variantOutputs[j];
        if (!variant.readableActivation(v)) {
          continue;
        }
        Integer named = byName.get(variant.tensor(v).getName());
        boolean sameSize =
            named != null
                && GraphTensors.elementsPerSample(baseline.tensor(named))
                    == GraphTensors.elementsPerSample(variant.tensor(v));
        int b = sameSize ? named : baselineOutputs[j];
        if (!baseline.readableActivation(b)) {
          continue;
        }
        long expected = GraphTensors.elementsPerSample(baseline.tensor(b));
        long found = GraphTensors.elementsPerSample(variant.tensor(v));
        if (expected != found) {
          throw new GraphMismatchException(
              where
                  + "the variant's tensor '"
                  + variant.tensor(v).getName()
                  + "' "
                  + Arrays.toString(variant.tensor(v).getShape())
                  + " written by operator "
                  + i
                  + " ("
                  + ours.get(i).operator()
                  + ") has "
                  + found
                  + " elements but the baseline's '"
                  + baseline.tensor(b).getName()
                  + "' "
                  + Arrays.toString(baseline.tensor(b).getShape())
                  + " has "
                  + expected);
        }
        pairs.add(new Pair(b, v, ours.get(i), sameSize ? TensorMatch.NAME : TensorMatch.POSITION));
      }
    }
    return pairs;
  }

  private static List<String> names(List<GraphTensors.Layer> layers) {
    return layers.stream().map(GraphTensors.Layer::operator).toList();
  }
}
