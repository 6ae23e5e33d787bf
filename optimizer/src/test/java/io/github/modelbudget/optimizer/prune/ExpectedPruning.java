package io.github.modelbudget.optimizer.prune;

import java.util.Arrays;

/** tfmot's magnitude rule computed the plain way, independently of the pruner. */
final class ExpectedPruning {

  private ExpectedPruning() {}

  /** The k-th largest magnitude, {@code k = max(round(n × (1 − s)), 1)}. */
  static float threshold(float[] weights, double sparsity) {
    Float[] magnitudes = new Float[weights.length];
    for (int i = 0; i < weights.length; i++) {
      magnitudes[i] = Math.abs(weights[i]);
    }
    Arrays.sort(magnitudes, (a, b) -> Float.compare(b, a));
    long k = Math.max(Math.round(weights.length * (1 - sparsity)), 1);
    return magnitudes[(int) k - 1];
  }

  static float[] keep(float[] weights, float threshold) {
    float[] kept = weights.clone();
    for (int i = 0; i < kept.length; i++) {
      if (Math.abs(kept[i]) < threshold) {
        kept[i] = 0f;
      }
    }
    return kept;
  }

  static int zeros(float[] values) {
    int zeros = 0;
    for (float v : values) {
      zeros += v == 0f ? 1 : 0;
    }
    return zeros;
  }

  static float[] concat(float[]... arrays) {
    float[] all = new float[Arrays.stream(arrays).mapToInt(a -> a.length).sum()];
    int offset = 0;
    for (float[] a : arrays) {
      System.arraycopy(a, 0, all, offset, a.length);
      offset += a.length;
    }
    return all;
  }
}
