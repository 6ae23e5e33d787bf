package io.github.modelbudget.harness.results;

import io.github.modelbudget.harness.data.Dataset;
import java.util.List;
import java.util.Objects;

/**
 * The dataset a run evaluated on, identified by its content digest.
 *
 * @param name the dataset's name
 * @param size the number of samples
 * @param sha256 the content digest ({@link Dataset#sha256()})
 * @param sampleShape the shape of one sample
 * @param classNames the class names, in index order
 */
public record DatasetSummary(
    String name, int size, String sha256, List<Integer> sampleShape, List<String> classNames) {

  /** Validates and copies. */
  public DatasetSummary {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sha256, "sha256");
    sampleShape = List.copyOf(sampleShape);
    classNames = List.copyOf(classNames);
  }

  /**
   * Summarises a dataset.
   *
   * @param dataset the dataset
   * @return its summary
   */
  public static DatasetSummary of(Dataset dataset) {
    return new DatasetSummary(
        dataset.name(),
        dataset.size(),
        dataset.sha256(),
        dataset.sampleShape(),
        dataset.classNames());
  }
}
