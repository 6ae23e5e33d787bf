package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.LoadOptions;
import io.github.modelbudget.harness.format.TfliteModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
   * Loads a dataset file ({@code .npz}, IDX, Quick, Draw!) or a folder with one Quick, Draw! file
   * per class.
   */
  public static Dataset dataset(Path path, LoadOptions options) {
    return Datasets.open(path, options);
  }
}
