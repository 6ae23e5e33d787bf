package io.github.modelbudget.harness.format;

import io.github.modelbudget.harness.ZipArchives;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.tensorflow.lite.support.metadata.schema.AssociatedFile;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileType;
import org.tensorflow.lite.support.metadata.schema.ModelMetadata;
import org.tensorflow.lite.support.metadata.schema.SubGraphMetadata;
import org.tensorflow.lite.support.metadata.schema.TensorMetadata;

/**
 * The files a model's TFLite metadata associates with it, such as the {@code labels.txt} that names
 * a classifier's outputs.
 *
 * <p>The TFLite Support metadata writer stores a {@code ModelMetadata} flatbuffer (the official
 * {@code metadata_schema.fbs}) in the buffer of the model's {@code TFLITE_METADATA} entry; it names
 * the associated files on the model, on each subgraph and on each input and output tensor, and
 * appends the files themselves to the {@code .tflite} as a ZIP archive, which the runtime ignores.
 * This class reads the metadata with the schema classes of {@code tensorflow-lite-metadata} and the
 * archive with {@link ZipFile}, which finds an archive at the end of a file.
 *
 * <pre>{@code
 * Optional<byte[]> labels = AssociatedFiles.outputLabels(model).map(f -> AssociatedFiles.read(model, f));
 * }</pre>
 */
public final class AssociatedFiles {

  /** The name of the model's metadata entry that holds the {@code ModelMetadata} flatbuffer. */
  public static final String METADATA_NAME = "TFLITE_METADATA";

  /** The largest associated file read, 64 MiB. */
  public static final long MAX_FILE_BYTES = 64L << 20;

  private AssociatedFiles() {}

  /**
   * A file named in the metadata.
   *
   * @param name the file name, as stored in the appended archive
   * @param type its {@link AssociatedFileType} code, e.g. {@link
   *     AssociatedFileType#TENSOR_AXIS_LABELS}
   * @param locale its locale, e.g. {@code "en"}, empty if none
   * @param owner what it belongs to: {@code "model"}, {@code "subgraph 0"}, {@code "subgraph 0
   *     output 0"}, {@code "subgraph 0 input 0"}
   */
  public record Entry(String name, int type, String locale, String owner) {

    /** Validates. */
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(locale, "locale");
      Objects.requireNonNull(owner, "owner");
    }

    /**
     * Returns the type's name.
     *
     * @return e.g. {@code TENSOR_AXIS_LABELS}, or the code for a type this version does not know
     */
    public String typeName() {
      return type >= 0 && type < AssociatedFileType.names.length
          ? AssociatedFileType.name(type)
          : "type " + type;
    }
  }

  /**
   * Lists the associated files the model's metadata names, model first, then per subgraph its own,
   * its outputs' and its inputs'.
   *
   * @param model a verified model
   * @return the files, empty if the model has no {@code TFLITE_METADATA}
   * @throws InvalidModelException if the metadata buffer is not a {@code ModelMetadata} flatbuffer
   */
  public static List<Entry> list(TfliteModel model) {
    Optional<byte[]> data = model.metadataBuffer(METADATA_NAME);
    if (data.isEmpty()) {
      return List.of();
    }
    byte[] bytes = data.get();
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      if (bytes.length < 8 || !ModelMetadata.ModelMetadataBufferHasIdentifier(buffer)) {
        throw new IllegalArgumentException("no ModelMetadata file identifier 'M001'");
      }
      ModelMetadata metadata = ModelMetadata.getRootAsModelMetadata(buffer);
      List<Entry> entries = new ArrayList<>();
      add(
          entries,
          "model",
          bounded(metadata.associatedFilesLength(), bytes),
          metadata::associatedFiles);
      int subgraphs = bounded(metadata.subgraphMetadataLength(), bytes);
      for (int s = 0; s < subgraphs; s++) {
        SubGraphMetadata subgraph = metadata.subgraphMetadata(s);
        String owner = "subgraph " + s;
        add(
            entries,
            owner,
            bounded(subgraph.associatedFilesLength(), bytes),
            subgraph::associatedFiles);
        int outputs = bounded(subgraph.outputTensorMetadataLength(), bytes);
        for (int t = 0; t < outputs; t++) {
          TensorMetadata tensor = subgraph.outputTensorMetadata(t);
          add(
              entries,
              owner + " output " + t,
              bounded(tensor.associatedFilesLength(), bytes),
              tensor::associatedFiles);
        }
        int inputs = bounded(subgraph.inputTensorMetadataLength(), bytes);
        for (int t = 0; t < inputs; t++) {
          TensorMetadata tensor = subgraph.inputTensorMetadata(t);
          add(
              entries,
              owner + " input " + t,
              bounded(tensor.associatedFilesLength(), bytes),
              tensor::associatedFiles);
        }
      }
      return List.copyOf(entries);
    } catch (RuntimeException e) {
      throw new InvalidModelException(
          model.origin(),
          "expected the "
              + METADATA_NAME
              + " buffer to hold a ModelMetadata flatbuffer but its "
              + bytes.length
              + " bytes do not decode ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  /**
   * Finds the labels file of the first subgraph's first output ({@code TENSOR_AXIS_LABELS}), as
   * image and text classifiers carry it, else one on the model or its first subgraph. Of several
   * (one per locale) it prefers the one without a locale, then English, then the first.
   *
   * @param model a verified model
   * @return the file, empty if the metadata names none
   * @throws InvalidModelException if the metadata buffer does not decode
   */
  public static Optional<Entry> outputLabels(TfliteModel model) {
    List<Entry> labels =
        list(model).stream()
            .filter(e -> e.type() == AssociatedFileType.TENSOR_AXIS_LABELS)
            .toList();
    for (String owner : List.of("subgraph 0 output 0", "model", "subgraph 0")) {
      Optional<Entry> found =
          labels.stream()
              .filter(e -> e.owner().equals(owner))
              .min(Comparator.comparingInt(AssociatedFiles::localeRank));
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * Reads an associated file from the archive appended to the model.
   *
   * @param model the model, as read from its file (with the archive)
   * @param entry the file
   * @return its bytes
   * @throws InvalidModelException if the model has no archive, the archive lacks the file, or the
   *     file is larger than {@link #MAX_FILE_BYTES}
   */
  public static byte[] read(TfliteModel model, Entry entry) {
    Objects.requireNonNull(entry, "entry");
    Path file = null;
    boolean temporary = model.path().isEmpty();
    try {
      if (temporary) {
        file = Files.createTempFile("modelbudget-metadata", ".tflite");
        Files.write(file, model.bytes());
      } else {
        file = model.path().get();
      }
      try (ZipFile zip = new ZipFile(file.toFile())) {
        Function<String, InvalidModelException> corrupt =
            problem -> new InvalidModelException(model.origin(), problem);
        ZipEntry found = ZipArchives.entry(zip, entry.name(), corrupt);
        if (found == null) {
          throw new InvalidModelException(
              model.origin(),
              "its metadata names the associated file '"
                  + entry.name()
                  + "' ("
                  + entry.owner()
                  + ") but the archive appended to the model holds "
                  + ZipArchives.entries(zip, corrupt).stream().map(ZipEntry::getName).toList());
        }
        try (InputStream in = zip.getInputStream(found)) {
          byte[] content = in.readNBytes((int) MAX_FILE_BYTES + 1);
          if (content.length > MAX_FILE_BYTES) {
            throw new InvalidModelException(
                model.origin(),
                "the associated file '"
                    + entry.name()
                    + "' is larger than "
                    + MAX_FILE_BYTES
                    + " bytes");
          }
          return content;
        }
      }
    } catch (ZipException e) {
      throw new InvalidModelException(
          model.origin(),
          "its metadata names the associated file '"
              + entry.name()
              + "' but no readable ZIP archive is appended to the model ("
              + e.getMessage()
              + "); the metadata writer appends the files as one",
          e);
    } catch (IOException e) {
      throw new InvalidModelException(
          model.origin(), "cannot read the associated file '" + entry.name() + "': " + e, e);
    } finally {
      if (temporary && file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          file.toFile().deleteOnExit();
        }
      }
    }
  }

  private static void add(
      List<Entry> entries, String owner, int count, IntFunction<AssociatedFile> file) {
    for (int i = 0; i < count; i++) {
      AssociatedFile f = file.apply(i);
      String name = f.name();
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("an associated file of the " + owner + " has no name");
      }
      entries.add(new Entry(name, f.type(), f.locale() == null ? "" : f.locale(), owner));
    }
  }

  /** A vector of tables needs at least 4 bytes per element: a longer length is corrupt. */
  private static int bounded(int length, byte[] bytes) {
    if (length < 0 || (long) length * 4 > bytes.length) {
      throw new IllegalArgumentException("a vector length of " + length + " exceeds the buffer");
    }
    return length;
  }

  private static int localeRank(Entry entry) {
    String locale = entry.locale().toLowerCase(Locale.ROOT);
    return locale.isEmpty() ? 0 : locale.startsWith("en") ? 1 : 2;
  }
}
