package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.ImageOptions;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.harness.data.LabelsFile;
import io.github.modelbudget.harness.data.LoadOptions;
import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.TensorInfo;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of every command that reads labelled data: the class order, and how images and arrays
 * become the model's input values. Public for the training command line's {@code optimize}.
 */
public final class DataOptions {

  @Option(
      names = "--classes",
      split = ",",
      paramLabel = "NAME",
      description =
          "The class names in label order (label 0 first), e.g. --classes 'The Mona Lisa,The"
              + " Eiffel Tower': class files and folders are numbered in this order instead of"
              + " sorted, and arrays' integer labels get these names. Every class needs data and"
              + " every class file or folder must be named.")
  List<String> classes;

  @Option(
      names = "--labels",
      paramLabel = "LABELS_TXT",
      description =
          "A labels file, one class name a line in label order, as TFLite classifiers ship"
              + " them (trailing blank lines are ignored; a name twice is an error). Unlike"
              + " --classes, a class need not have data. Without --classes or --labels the"
              + " labels file in the model's TFLite metadata is used, if it has one.")
  Path labels;

  @Option(
      names = "--scale",
      defaultValue = "1",
      description =
          "Multiply every input value by this first (default: ${DEFAULT-VALUE}), e.g."
              + " 0.00392156862745098 (1/255) for [0, 1].")
  double scale;

  @Option(
      names = "--mean",
      split = ",",
      paramLabel = "M",
      description =
          "Subtract this after --scale: one value, or one per image channel (R,G,B) (default:"
              + " 0).")
  List<Double> mean;

  @Option(
      names = "--std",
      split = ",",
      paramLabel = "S",
      description =
          "Divide by this after --mean: one value, or one per image channel (default: 1).")
  List<Double> std;

  @Option(
      names = "--raw",
      description =
          "For a model with a UINT8 or INT8 input: give it the data's values as its own quantized"
              + " values, with no normalisation (image pixels 0-255 as they are, minus 128 for"
              + " INT8; array values as stored).")
  boolean raw;

  /**
   * Loads the data at {@code path}, its images shaped and its classes ordered for the model.
   *
   * @param commandLine the command, for usage errors
   * @param path a dataset file or folder
   * @param model the model the data is for, if known (its input shape and metadata labels)
   * @return the dataset
   */
  public Dataset load(CommandLine commandLine, Path path, Optional<TfliteModel> model) {
    LoadOptions options = loadOptions(commandLine, model);
    boolean images = Inputs.isImages(path);
    if (images && options.images().isEmpty()) {
      throw new InvalidDataException(
          path.toString(),
          model
              .map(
                  m ->
                      "holds images, but the input of "
                          + m.origin()
                          + " has shape "
                          + m.inspect().inputs().get(0).shape()
                          + ", not an image's ([batch, height, width, 1 or 3])")
              .orElse("holds images, which this command cannot read"));
    }
    Dataset dataset = Inputs.dataset(path, options);
    if (images) {
      return dataset;
    }
    return normalised(commandLine, dataset, model);
  }

  /** Returns the load options these flags and the model give. */
  LoadOptions loadOptions(CommandLine commandLine, Optional<TfliteModel> model) {
    checkNormalisation(commandLine);
    LoadOptions options = LoadOptions.defaults();
    if (classes != null && labels != null) {
      throw new ParameterException(commandLine, "give --classes or --labels, not both");
    }
    try {
      if (classes != null) {
        options = options.withClasses(classes.stream().map(String::strip).toList());
      } else if (labels != null) {
        options = options.withOutputClasses(LabelsFile.read(labels));
      } else if (model.isPresent()) {
        Optional<List<String>> embedded;
        try {
          embedded = LabelsFile.ofModel(model.get());
        } catch (InvalidModelException | InvalidDataException e) {
          throw new InvalidModelException(
              model.get().origin(),
              "its metadata's labels file cannot be used ("
                  + e.getMessage()
                  + "); give the class order with --classes or --labels instead",
              e);
        }
        if (embedded.isPresent()) {
          options = options.withOutputClasses(embedded.get());
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, "--classes: " + e.getMessage());
    }
    Optional<ModelInfo> info = model.map(TfliteModel::inspect);
    Optional<ImageOptions> forModel = info.flatMap(ImageOptions::forModel);
    if (forModel.isPresent()) {
      ImageOptions images = forModel.get();
      try {
        images =
            raw
                ? images.rawFor(info.get().inputs().get(0))
                : images.normalised(scale, means(), stds());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(commandLine, (raw ? "--raw: " : "") + e.getMessage());
      }
      options = options.withImages(images);
    }
    return options;
  }

  private Dataset normalised(
      CommandLine commandLine, Dataset dataset, Optional<TfliteModel> model) {
    if (raw) {
      TensorInfo input =
          model
              .map(m -> m.inspect().inputs().get(0))
              .filter(t -> t.type() == TensorType.UINT8 || t.type() == TensorType.INT8)
              .filter(t -> t.quantization().map(q -> q.scales().size() == 1).orElse(false))
              .orElseThrow(
                  () ->
                      new ParameterException(
                          commandLine, "--raw needs a model with a quantized UINT8 or INT8 input"));
      double inputScale = input.quantization().get().scales().get(0);
      long zeroPoint = input.quantization().get().zeroPoint(0);
      return dataset.scaled(inputScale, -inputScale * zeroPoint);
    }
    List<Double> m = means();
    List<Double> s = stds();
    if (m.size() != 1 || s.size() != 1) {
      throw new ParameterException(
          commandLine, "--mean and --std per channel apply to images only; give one value each");
    }
    if (scale == 1 && m.get(0) == 0 && s.get(0) == 1) {
      return dataset;
    }
    return dataset.scaled(scale / s.get(0), -m.get(0) / s.get(0));
  }

  private void checkNormalisation(CommandLine commandLine) {
    if (raw && (scale != 1 || mean != null || std != null)) {
      throw new ParameterException(
          commandLine, "--raw feeds the values as they are: it takes no --scale, --mean or --std");
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new ParameterException(commandLine, "--scale must be positive but is " + scale);
    }
    for (double s : stds()) {
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new ParameterException(commandLine, "--std must be positive but is " + stds());
      }
    }
  }

  private List<Double> means() {
    return mean == null || mean.isEmpty() ? List.of(0.0) : List.copyOf(mean);
  }

  private List<Double> stds() {
    return std == null || std.isEmpty() ? List.of(1.0) : List.copyOf(std);
  }
}
