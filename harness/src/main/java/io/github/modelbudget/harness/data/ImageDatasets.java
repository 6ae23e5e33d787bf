package io.github.modelbudget.harness.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.github.modelbudget.harness.InputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builds datasets of images: a folder per class, or a folder with a CSV of files and labels. */
final class ImageDatasets {

  private static final CsvMapper CSV = new CsvMapper();

  private ImageDatasets() {}

  /** Tells whether a directory has a subdirectory holding an image (at any depth). */
  static boolean isImageFolder(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(p -> p.getNameCount() > directory.getNameCount() + 1)
          .anyMatch(ImageFiles::isImage);
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  static Dataset fromFolder(Path directory, LoadOptions options) {
    String origin = directory.toString();
    ImageOptions images = requireImages(origin, options);
    Map<String, List<Path>> byClass = new TreeMap<>();
    try (Stream<Path> classes = Files.list(directory)) {
      for (Path folder : classes.filter(Files::isDirectory).sorted().toList()) {
        byClass.put(String.valueOf(folder.getFileName()), imagesIn(folder));
      }
    } catch (IOException e) {
      throw new InvalidDataException(
          origin, "cannot list the directory: " + InputFiles.describe(e), e);
    } catch (UncheckedIOException e) {
      throw new InvalidDataException(
          origin, "cannot list the directory: " + InputFiles.describe(e.getCause()), e);
    }
    byClass.forEach(
        (name, files) -> {
          if (files.isEmpty()) {
            throw new InvalidDataException(
                directory.resolve(name).toString(),
                "the class folder has no images: expected "
                    + String.join(", ", ImageFiles.EXTENSIONS)
                    + " files");
          }
        });
    if (byClass.isEmpty()) {
      throw new InvalidDataException(
          origin, "no class folders: expected one subfolder of images per class");
    }
    List<String> classNames = ClassOrder.of(origin, byClass.keySet(), options, "class folders");
    int max = options.maxSamplesPerClass().orElse(Integer.MAX_VALUE);
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int c = 0; c < classNames.size(); c++) {
      List<Path> members = byClass.getOrDefault(classNames.get(c), List.of());
      for (Path file : members.subList(0, Math.min(max, members.size()))) {
        files.add(file);
        labels.add(c);
      }
    }
    return build(
        String.valueOf(directory.getFileName()), files, labels, classNames, images, options);
  }

  static Dataset fromCsv(Path csv, LoadOptions options) {
    String origin = csv.toString();
    ImageOptions images = requireImages(origin, options);
    InputFiles.requireRegularFile(csv, problem -> new InvalidDataException(origin, problem));
    Path base = csv.toAbsolutePath().getParent();
    List<Path> files = new ArrayList<>();
    List<String> labelTexts = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    try (MappingIterator<Map<String, String>> rows =
        CSV.readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(csv.toFile())) {
      boolean any = rows.hasNextValue();
      List<String> columns = new ArrayList<>();
      if (rows.getParserSchema() instanceof CsvSchema schema) {
        schema.forEach(c -> columns.add(c.getName()));
      }
      String fileColumn = column(origin, columns, "file");
      String labelColumn = column(origin, columns, "label");
      while (any && rows.hasNextValue()) {
        long line = rows.getCurrentLocation().getLineNr();
        Map<String, String> row = rows.nextValue();
        String file = row.get(fileColumn);
        String label = row.get(labelColumn);
        if (file == null || file.isBlank() || label == null || label.isBlank()) {
          throw new InvalidDataException(
              origin, "line " + line + ": expected a file and a label but found " + row.values());
        }
        try {
          files.add(base.resolve(file.strip()));
        } catch (InvalidPathException e) {
          throw new InvalidDataException(
              origin,
              "line " + line + ": '" + file + "' is not a valid path (" + e.getReason() + ")");
        }
        labelTexts.add(label.strip());
        lines.add(line);
      }
    } catch (JacksonException e) {
      throw new InvalidDataException(
          origin, "not a valid CSV file of file,label rows: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidDataException(origin, "cannot read: " + InputFiles.describe(e), e);
    }
    if (files.isEmpty()) {
      throw new InvalidDataException(
          origin, "the CSV file lists no images: expected a header file,label and a row per image");
    }
    List<String> classNames = options.classes();
    boolean allIndices = labelTexts.stream().allMatch(ImageDatasets::isIndex);
    if (classNames.isEmpty() && !allIndices) {
      classNames = ClassOrder.of(origin, labelTexts, options, "labels");
    }
    Map<String, Integer> indexOf = new LinkedHashMap<>();
    for (int i = 0; i < classNames.size(); i++) {
      indexOf.put(classNames.get(i), i);
    }
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < labelTexts.size(); i++) {
      String text = labelTexts.get(i);
      Integer index = indexOf.get(text);
      if (index == null && isIndex(text)) {
        index = Integer.valueOf(text);
      }
      if (index == null || (!classNames.isEmpty() && index >= classNames.size())) {
        throw new InvalidDataException(
            origin,
            "line "
                + lines.get(i)
                + ": label '"
                + text
                + "' is neither one of the classes "
                + classNames
                + " nor the index of one");
      }
      labels.add(index);
    }
    if (options.maxSamplesPerClass().isPresent()) {
      int max = options.maxSamplesPerClass().getAsInt();
      Map<Integer, Integer> taken = new TreeMap<>();
      List<Path> keptFiles = new ArrayList<>();
      List<Integer> keptLabels = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        if (taken.merge(labels.get(i), 1, Integer::sum) <= max) {
          keptFiles.add(files.get(i));
          keptLabels.add(labels.get(i));
        }
      }
      files = keptFiles;
      labels = keptLabels;
    }
    return build(String.valueOf(csv.getFileName()), files, labels, classNames, images, options);
  }

  private static String column(String origin, List<String> columns, String wanted) {
    return columns.stream()
        .filter(k -> k.strip().toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidDataException(
                    origin,
                    "expected a header row with the columns file and label but the columns are "
                        + columns));
  }

  private static boolean isIndex(String text) {
    return text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static ImageOptions requireImages(String origin, LoadOptions options) {
    return options
        .images()
        .orElseThrow(
            () ->
                new InvalidDataException(
                    origin,
                    "images are resized to the model's input, but no input size is known here:"
                        + " load image data with LoadOptions.withImages"));
  }

  private static List<Path> imagesIn(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).filter(ImageFiles::isImage).sorted().toList();
    } catch (IOException e) {
      throw new InvalidDataException(
          folder.toString(), "cannot list the folder: " + InputFiles.describe(e), e);
    }
  }

  private static Dataset build(
      String name,
      List<Path> files,
      List<Integer> labels,
      List<String> classNames,
      ImageOptions images,
      LoadOptions options) {
    int sampleSize = images.height() * images.width() * images.channels();
    long elements = (long) files.size() * sampleSize;
    int[] shape = images.sampleShape().stream().mapToInt(Integer::intValue).toArray();
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    if (options.featureStorage().maps(Float.BYTES * elements)) {
      // Decoded a batch at a time: no heap for the features, so the element limit (a guard on
      // allocations) applies to each image only. Headers are read now, so that a file that is no
      // image fails the load; a damaged image fails when it is read, naming the file.
      for (Path file : files) {
        ImageFiles.checkHeader(file, options.limits().maxElements());
      }
      return Dataset.over(
          name,
          shape,
          new DecodedImages(files, images, options.limits().maxElements()),
          labelArray,
          classNames);
    }
    if (elements > options.limits().maxElements()) {
      throw new InvalidDataException(
          name,
          files.size()
              + " images of "
              + sampleSize
              + " values need more than "
              + options.limits().maxElements()
              + " values, the element limit; read fewer samples per class (maxSamplesPerClass)"
              + " or raise the limit");
    }
    float[] features = new float[(int) elements];
    for (int i = 0; i < files.size(); i++) {
      ImageFiles.read(
          files.get(i), images, options.limits().maxElements(), features, i * sampleSize);
    }
    return Dataset.of(name, shape, features, labelArray, classNames);
  }
}
