package io.github.modelbudget.junit;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.DatasetFormat;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.ImageOptions;
import io.github.modelbudget.harness.data.LabelsFile;
import io.github.modelbudget.harness.data.LoadOptions;
import io.github.modelbudget.harness.data.Task;
import io.github.modelbudget.harness.eval.OutputActivation;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.TfliteModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.DoubleStream;
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
    List<String> classes,
    String labelsFile,
    List<Double> mean,
    List<Double> std,
    boolean raw,
    int maxSamplesPerClass,
    OutputActivation activation,
    String task) {

  DatasetSource {
    classNames = List.copyOf(classNames);
    classes = List.copyOf(classes);
    mean = List.copyOf(mean);
    std = List.copyOf(std);
  }

  static Optional<DatasetSource> find(ExtensionContext context) {
    for (Class<?> type = context.getRequiredTestClass();
        type != null;
        type = type.getEnclosingClass()) {
      Optional<EvaluationData> found = AnnotationSupport.findAnnotation(type, EvaluationData.class);
      if (found.isPresent()) {
        return Optional.of(of(found.get()));
      }
    }
    return Optional.empty();
  }

  static DatasetSource of(EvaluationData data) {
    return new DatasetSource(
        data.path().trim(),
        data.classpath().trim(),
        data.features(),
        data.labels(),
        data.scale(),
        List.of(data.classNames()),
        List.of(data.classes()),
        data.labelsFile().trim(),
        DoubleStream.of(data.mean()).boxed().toList(),
        DoubleStream.of(data.std()).boxed().toList(),
        data.raw(),
        data.maxSamplesPerClass(),
        data.activation(),
        data.task().trim());
  }

  /**
   * Loads the data for a family: images sized for its baseline's input, classes named by {@code
   * classes}, {@code labelsFile} or the baseline's metadata.
   */
  Dataset load(TfliteModel baseline) {
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
    boolean images =
        Files.isDirectory(file)
            ? Datasets.isImageFolder(file)
            : DatasetFormat.detect(file).equals(Optional.of(DatasetFormat.IMAGE_CSV));
    Dataset dataset;
    try {
      options = withClasses(options, baseline);
      if (images) {
        options = options.withImages(imageOptions(baseline));
      }
      dataset =
          Files.isDirectory(file)
              ? Datasets.fromDirectory(file, options)
              : Datasets.load(file, options);
    } catch (ModelBudgetException e) {
      throw new ExtensionConfigurationException(
          "@EvaluationData cannot load the data: " + e.getMessage(), e);
    }
    if (scale != 1.0 && !images) {
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
      // Keeps a mapped dataset mapped.
      dataset = dataset.withClassNames(classNames);
    }
    return dataset;
  }

  private LoadOptions withClasses(LoadOptions options, TfliteModel baseline) {
    if (!classes.isEmpty() && !labelsFile.isEmpty()) {
      throw new ExtensionConfigurationException(
          "@EvaluationData takes `classes` or `labelsFile`, not both");
    }
    try {
      if (!classes.isEmpty()) {
        return options.withClasses(classes);
      }
      if (!labelsFile.isEmpty()) {
        Path file =
            labelsFile.startsWith("classpath:")
                ? resolveResource("labelsFile", labelsFile.substring("classpath:".length()))
                : Path.of(labelsFile);
        return options.withOutputClasses(LabelsFile.read(file));
      }
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "@EvaluationData `classes` is invalid: " + e.getMessage(), e);
    }
    return LabelsFile.ofModel(baseline).map(options::withOutputClasses).orElse(options);
  }

  private ImageOptions imageOptions(TfliteModel baseline) {
    ModelInfo info = baseline.inspect();
    ImageOptions images =
        ImageOptions.forModel(info)
            .orElseThrow(
                () ->
                    new ExtensionConfigurationException(
                        "@EvaluationData names images but the baseline "
                            + baseline.name()
                            + "'s input "
                            + info.inputs().get(0).shape()
                            + " is not an image's ([batch, height, width, 1 or 3])"));
    try {
      if (raw) {
        if (scale != 1.0 || !mean.equals(List.of(0.0)) || !std.equals(List.of(1.0))) {
          throw new ExtensionConfigurationException(
              "@EvaluationData `raw` feeds the pixels as they are: it takes no `scale`, `mean`"
                  + " or `std`");
        }
        return images.rawFor(info.inputs().get(0));
      }
      return images.normalised(scale, mean, std);
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "@EvaluationData " + (raw ? "`raw`" : "`mean`/`std`") + ": " + e.getMessage(), e);
    }
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
    return resolveResource("classpath", classpath);
  }

  private Path resolveResource(String attribute, String name) {
    String resource = name.startsWith("/") ? name.substring(1) : name;
    URL url = Thread.currentThread().getContextClassLoader().getResource(resource);
    if (url == null) {
      throw new ExtensionConfigurationException(
          "@EvaluationData `"
              + attribute
              + "` is '"
              + name
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
          "@EvaluationData `" + attribute + "` resolves to a bad URL " + url);
    }
  }
}
