package io.github.modelbudget.harness.eval;

/** Sums one tensor pair's per-sample error statistics; the averages make a {@link LayerError}. */
final class ErrorAccumulator {

  private int samples;
  private double meanError;
  private double maxAbsError;
  private double meanSquaredError;
  private double signal;
  private double cosine;

  void add(float[] reference, float[] candidate) {
    int n = reference.length;
    double sum = 0;
    double max = 0;
    double squares = 0;
    double referenceSquares = 0;
    double candidateSquares = 0;
    double dot = 0;
    for (int i = 0; i < n; i++) {
      double f = reference[i];
      double q = candidate[i];
      double e = f - q;
      sum += e;
      max = Math.max(max, Math.abs(e));
      squares += e * e;
      referenceSquares += f * f;
      candidateSquares += q * q;
      dot += f * q;
    }
    samples++;
    meanError += sum / n;
    maxAbsError += max;
    meanSquaredError += squares / n;
    signal += referenceSquares / n;
    if (referenceSquares == 0 && candidateSquares == 0) {
      cosine += 1;
    } else if (referenceSquares > 0 && candidateSquares > 0) {
      cosine += dot / Math.sqrt(referenceSquares * candidateSquares);
    }
  }

  LayerError result(TensorPairs.Pair pair, GraphTensors baseline, GraphTensors variant, int n) {
    double mse = meanSquaredError / samples;
    double snr = mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / samples / mse);
    return new LayerError(
        variant.tensor(pair.variant()).getName(),
        baseline.tensor(pair.baseline()).getName(),
        pair.layer().operator(),
        pair.layer().index(),
        pair.match(),
        n,
        meanError / samples,
        maxAbsError / samples,
        mse,
        Math.sqrt(mse),
        variant.scale(pair.variant()),
        snr,
        cosine / samples);
  }
}
