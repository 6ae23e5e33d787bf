package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.harness.data.LoadOptions;
import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.TfliteModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the models and datasets the commands are given. */
final class Inputs {

  private Inputs() {}

  /** Reads and verifies each model file, in order. */
  static List<TfliteModel> models(List<Path> files) {
    List<TfliteModel> models = new ArrayList<>();
    for (Path file : files) {
      models.add(TfliteModel.read(file));
    }
    return List.copyOf(models);
  }

  /**
   * Reads every {@code .tflite} file of a folder, sorted by name.
   *
   * @throws InvalidModelException if the folder is missing or holds no model
   */
  static List<TfliteModel> modelsIn(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new InvalidModelException(
          directory.toString(), "no such folder: expected a folder of .tflite models");
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".tflite")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(directory + ": cannot list the folder: " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new InvalidModelException(
          directory.toString(), "no .tflite files: expected the variants, e.g. baseline.tflite");
    }
    return models(files);
  }

  /**
   * Loads a dataset file ({@code .npz}, IDX, Quick, Draw!) or a folder with one Quick, Draw! file
   * per class.
   */
  static Dataset dataset(Path path, LoadOptions options) {
    if (Files.isDirectory(path)) {
      return Datasets.fromClassDirectory(path, options);
    }
    if (!Files.exists(path)) {
      throw new InvalidDataException(
          path.toString(),
          "no such file: expected a dataset (.npz, IDX, Quick, Draw! file or folder)");
    }
    return Datasets.load(path, options);
  }

  /** Finds the model named {@code name} among {@code models}. */
  static TfliteModel named(List<TfliteModel> models, String name, String where) {
    return models.stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidModelException(
                    where,
                    "no baseline model '"
                        + name
                        + ".tflite'; found "
                        + models.stream().map(TfliteModel::name).toList()));
  }
}
