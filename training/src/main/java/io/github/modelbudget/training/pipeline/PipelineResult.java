package io.github.modelbudget.training.pipeline;

import io.github.modelbudget.harness.format.TfliteModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The variants a pipeline wrote and how they were made.
 *
 * @param directory the folder holding the {@code .tflite} files and {@code manifest.json}
 * @param models the variants by name, baseline first
 * @param manifest how each was made
 */
public record PipelineResult(Path directory, Map<String, TfliteModel> models, Manifest manifest) {

  /** Validates and copies. */
  public PipelineResult {
    Objects.requireNonNull(directory, "directory");
    models = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(models));
    Objects.requireNonNull(manifest, "manifest");
  }

  /**
   * Returns the file of a variant.
   *
   * @param name the variant's name, e.g. {@code "pruned_quantized"}
   * @return its {@code .tflite} file
   */
  public Path file(String name) {
    return directory.resolve(name + ".tflite");
  }
}
