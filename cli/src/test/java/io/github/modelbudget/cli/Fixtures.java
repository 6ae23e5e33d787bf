package io.github.modelbudget.cli;

import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Models and data the command tests run on: the seed CNN (untrained, fixed seed) as {@code
 * baseline.tflite}, its dynamic-range quantized copy as {@code quantized.tflite}, and generated
 * 28×28 images labelled by the baseline's own predictions, so the baseline's accuracy is exactly 1.
 */
final class Fixtures {

  static final int SIDE = 28;

  final Path models;
  final Path baseline;
  final Path quantized;
  final Path data;
  final int samples;

  private Fixtures(Path models, Path data, int samples) {
    this.models = models;
    this.baseline = models.resolve("baseline.tflite");
    this.quantized = models.resolve("quantized.tflite");
    this.data = data;
    this.samples = samples;
  }

  static Fixtures create(Path dir, int samples) throws IOException {
    Path models = Files.createDirectories(dir.resolve("models"));
    TfliteModel baseline = SeedArchitecture.untrained(11L);
    baseline.save(models.resolve("baseline.tflite"));
    DynamicRangeQuantizer.withDefaults()
        .quantize(TfliteModel.read(models.resolve("baseline.tflite")))
        .model()
        .save(models.resolve("quantized.tflite"));
    float[] images = images(samples, 5L);
    int[] labels = labelsBy(baseline, images, samples);
    Path data = NpzFiles.write(dir.resolve("test.npz"), images, new int[] {SIDE, SIDE}, labels);
    return new Fixtures(models, data, samples);
  }

  /** Sparse random strokes of ink, a different density per image. */
  static float[] images(int samples, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] images = new float[samples * SIDE * SIDE];
    for (int s = 0; s < samples; s++) {
      double density = 0.05 + 0.3 * random.nextDouble();
      for (int p = 0; p < SIDE * SIDE; p++) {
        images[s * SIDE * SIDE + p] = random.nextDouble() < density ? 1f : 0f;
      }
    }
    return images;
  }

  /** The class the model predicts for each image, at the sigmoid's 0.5 threshold. */
  static int[] labelsBy(TfliteModel model, float[] images, int samples) {
    int[] labels = new int[samples];
    float[] image = new float[SIDE * SIDE];
    try (LoadedModel loaded = InferenceBackend.tflite().load(model);
        Session session = loaded.openSession()) {
      for (int s = 0; s < samples; s++) {
        System.arraycopy(images, s * image.length, image, 0, image.length);
        session.setInput(0, image);
        session.invoke();
        labels[s] = session.output(0)[0] >= 0.5f ? 1 : 0;
      }
    }
    return labels;
  }
}
