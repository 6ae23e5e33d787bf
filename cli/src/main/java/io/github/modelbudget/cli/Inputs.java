package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.DatasetFormat;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.LoadOptions;
import io.github.modelbudget.harness.format.TfliteModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the models and datasets the commands are given. */
public final class Inputs {

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
   * Loads a dataset file ({@code .npz}, IDX, Quick, Draw!, a CSV of images and labels), a folder
   * with one Quick, Draw! file per class, or a folder with one folder of images per class.
   */
  public static Dataset dataset(Path path, LoadOptions options) {
    return Datasets.open(path, options);
  }

  /** Tells whether a dataset path is images: a CSV of images or a folder of image folders. */
  static boolean isImages(Path path) {
    return Files.isDirectory(path)
        ? Datasets.isImageFolder(path)
        : DatasetFormat.detect(path).equals(Optional.of(DatasetFormat.IMAGE_CSV));
  }
}
