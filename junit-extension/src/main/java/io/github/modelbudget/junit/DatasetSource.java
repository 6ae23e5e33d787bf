package io.github.modelbudget.junit;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.LoadOptions;
import io.github.modelbudget.harness.data.Task;
import io.github.modelbudget.harness.eval.OutputActivation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * An {@link EvaluationData} declaration reduced to its values (a cache key), and the loading of the
 * dataset it names.
 */
record DatasetSource(
    String path,
    String classpath,
    String features,
    String labels,
    double scale,
    List<String> classNames,
    int maxSamplesPerClass,
    OutputActivation activation,
    String task) {

  DatasetSource {
    classNames = List.copyOf(classNames);
  }

  static Optional<DatasetSource> find(ExtensionContext context) {
    for (Class<?> type = context.getRequiredTestClass();
        type != null;
        type = type.getEnclosingClass()) {
      Optional<EvaluationData> found = AnnotationSupport.findAnnotation(type, EvaluationData.class);
      if (found.isPresent()) {
        EvaluationData data = found.get();
        return Optional.of(
            new DatasetSource(
                data.path().trim(),
                data.classpath().trim(),
                data.features(),
                data.labels(),
                data.scale(),
                List.of(data.classNames()),
                data.maxSamplesPerClass(),
                data.activation(),
                data.task().trim()));
      }
    }
    return Optional.empty();
  }

  Dataset load() {
    if (path.isEmpty() == classpath.isEmpty()) {
      throw new ExtensionConfigurationException(
          "@EvaluationData needs exactly one of `path` and `classpath` but "
              + (path.isEmpty() ? "neither is" : "both are")
              + " set");
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new ExtensionConfigurationException(
          "@EvaluationData `scale` must be positive but is " + scale);
    }
    Optional<Task> stated = statedTask();
    Path file = path.isEmpty() ? resolveResource() : Path.of(path);
    if (!Files.exists(file)) {
      throw new ExtensionConfigurationException(
          "@EvaluationData `path` is '"
              + path
              + "' but "
              + file.toAbsolutePath().normalize()
              + " does not exist; paths are relative to the working directory ("
              + Path.of("").toAbsolutePath()
              + ")");
    }
    LoadOptions options = LoadOptions.defaults().withKeys(features, labels);
    if (maxSamplesPerClass > 0) {
      options = options.withMaxSamplesPerClass(maxSamplesPerClass);
    }
    Dataset dataset;
    try {
      dataset =
          Files.isDirectory(file)
              ? Datasets.fromClassDirectory(file, options)
              : Datasets.load(file, options);
    } catch (ModelBudgetException e) {
      throw new ExtensionConfigurationException(
          "@EvaluationData cannot load the data: " + e.getMessage(), e);
    }
    if (scale != 1.0) {
      dataset = dataset.scaled(scale, 0);
    }
    if (stated.isPresent()) {
      try {
        dataset = dataset.withTask(stated.get());
      } catch (ModelBudgetException e) {
        throw new ExtensionConfigurationException(
            "@EvaluationData `task` is '" + task + "' but " + e.getMessage(), e);
      }
    }
    if (!classNames.isEmpty() && dataset.task() == Task.REGRESSION) {
      throw new ExtensionConfigurationException(
          "@EvaluationData `classNames` is set but the data is a regression dataset (float"
              + " targets); remove `classNames`, or state `task = \"classification\"` if the"
              + " labels are classes");
    }
    if (!classNames.isEmpty()) {
      if (classNames.size() < dataset.classCount()) {
        throw new ExtensionConfigurationException(
            "@EvaluationData `classNames` has "
                + classNames.size()
                + " names but the data has "
                + dataset.classCount()
                + " classes");
      }
      dataset =
          Dataset.of(
              dataset.name(),
              dataset.sampleShape().stream().mapToInt(Integer::intValue).toArray(),
              dataset.features(0, dataset.size()),
              dataset.labels(),
              classNames);
    }
    return dataset;
  }

  private Optional<Task> statedTask() {
    if (task.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Task.parse(task));
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException("@EvaluationData `task`: " + e.getMessage());
    }
  }

  private Path resolveResource() {
    String resource = classpath.startsWith("/") ? classpath.substring(1) : classpath;
    URL url = Thread.currentThread().getContextClassLoader().getResource(resource);
    if (url == null) {
      throw new ExtensionConfigurationException(
          "@EvaluationData `classpath` is '"
              + classpath
              + "' but there is no such resource; test resources "
              + "live under src/test/resources/");
    }
    try {
      if ("file".equals(url.getProtocol())) {
        return Path.of(url.toURI());
      }
      // A resource inside a jar: copy it out, keeping its file name so its format is recognised.
      Path dir = Files.createTempDirectory("modelbudget-data");
      Path copy = dir.resolve(Path.of(resource).getFileName().toString());
      try (InputStream in = url.openStream()) {
        Files.copy(in, copy);
      }
      copy.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read classpath:" + resource + ": " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new ExtensionConfigurationException(
          "@EvaluationData `classpath` resolves to a bad URL " + url);
    }
  }
}
