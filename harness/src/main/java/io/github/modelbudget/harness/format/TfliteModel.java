package io.github.modelbudget.harness.format;

import io.github.modelbudget.harness.AtomicFiles;
import io.github.modelbudget.harness.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.lite.schema.Metadata;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;

/**
 * A TensorFlow Lite model held in memory: its bytes, a name, where it came from, and its digest.
 *
 * <p>Every factory checks the bytes before returning: the {@code TFL3} file identifier, the TFLite
 * flatbuffer verifier (the same one the runtime uses), then the graph as TFLite's kernels would
 * check it (operator input and output counts, tensor indices, option enums and strides; see {@link
 * ValidationIssue}), so that a {@code TfliteModel} is always safe to inspect and to hand to the
 * runtime. The graph check matters because the verifier checks only the encoding, and the runtime's
 * XNNPACK delegate crashes the JVM on some graphs its kernels would have refused. Bad input raises
 * {@link InvalidModelException} naming the file and every problem found.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TfliteModel {

  /** The file identifier of TFLite flatbuffers, at bytes 4 to 7. */
  public static final String FILE_IDENTIFIER = "TFL3";

  private static final String EXTENSION = ".tflite";
  private static final int MIN_SIZE = 8;

  private final String name;
  private final String origin;
  private final Path path;
  private final byte[] bytes;
  private final String sha256;
  // The model is immutable, so is its inspection: made once (unpacking the schema copies every
  // weight, about as long as a batch of a small CNN), not by every evaluation. A race inspects
  // twice.
  private volatile ModelInfo inspection;

  private TfliteModel(String name, String origin, Path path, byte[] bytes) {
    this.name = name;
    this.origin = origin;
    this.path = path;
    this.bytes = bytes;
    this.sha256 = sha256Hex(bytes);
  }

  /**
   * Reads and verifies a model file. Its name is the file name without {@code .tflite}.
   *
   * @param path the {@code .tflite} file
   * @return the model, never {@code null}
   * @throws InvalidModelException if the file is missing, unreadable or not a valid TFLite model
   */
  public static TfliteModel read(Path path) {
    Objects.requireNonNull(path, "path");
    String origin = path.toString();
    InputFiles.requireRegularFile(
        path, problem -> new InvalidModelException(origin, problem, null));
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new InvalidModelException(origin, "no such file", e);
    } catch (IOException e) {
      throw new InvalidModelException(origin, "cannot be read: " + InputFiles.describe(e), e);
    } catch (OutOfMemoryError e) {
      throw new InvalidModelException(origin, "too large to load into memory", e);
    }
    return verified(stripExtension(path.getFileName().toString()), origin, path, bytes);
  }

  /**
   * Loads and verifies a model from the classpath, through the thread's context class loader.
   *
   * @param resource the resource name, e.g. {@code "models/baseline.tflite"}
   * @return the model, never {@code null}
   * @throws InvalidModelException if there is no such resource or it is not a valid TFLite model
   */
  public static TfliteModel fromResource(String resource) {
    Objects.requireNonNull(resource, "resource");
    String origin = "classpath:" + resource;
    String normalized = resource.startsWith("/") ? resource.substring(1) : resource;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = TfliteModel.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(normalized)) {
      if (in == null) {
        throw new InvalidModelException(origin, "no such resource on the classpath");
      }
      String fileName = normalized.substring(normalized.lastIndexOf('/') + 1);
      return verified(stripExtension(fileName), origin, null, in.readAllBytes());
    } catch (IOException e) {
      throw new InvalidModelException(origin, "cannot be read: " + e, e);
    }
  }

  /**
   * Verifies a model given as bytes. The bytes are copied.
   *
   * @param name the model's name, e.g. {@code "baseline"}
   * @param bytes the flatbuffer
   * @return the model, never {@code null}
   * @throws InvalidModelException if the bytes are not a valid TFLite model
   */
  public static TfliteModel fromBytes(String name, byte[] bytes) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bytes, "bytes");
    return verified(name, name, null, bytes.clone());
  }

  private static TfliteModel verified(String name, String origin, Path path, byte[] bytes) {
    if (bytes.length == 0) {
      throw new InvalidModelException(origin, "expected a TFLite flatbuffer but the file is empty");
    }
    if (bytes.length < MIN_SIZE) {
      throw new InvalidModelException(
          origin,
          "expected a TFLite flatbuffer of at least "
              + MIN_SIZE
              + " bytes but found "
              + bytes.length);
    }
    String identifier = new String(bytes, 4, 4, StandardCharsets.ISO_8859_1);
    if (!FILE_IDENTIFIER.equals(identifier)) {
      throw new InvalidModelException(
          origin,
          "expected the TFLite file identifier '"
              + FILE_IDENTIFIER
              + "' at byte 4 but found "
              + describeIdentifier(bytes)
              + "; this is not a .tflite model");
    }
    FlatbufferVerifier.verify(origin, bytes);
    // The verifier checks the encoding, not the graph: check that before any runtime sees it.
    ModelValidator.requireValid(origin, ByteBuffer.wrap(bytes));
    return new TfliteModel(name, origin, path, bytes);
  }

  private static String describeIdentifier(byte[] bytes) {
    if (bytes.length >= 8
        && (bytes[0] & 0xff) == 0x89
        && bytes[1] == 'P'
        && bytes[2] == 'N'
        && bytes[3] == 'G') {
      return "a PNG image signature";
    }
    StringBuilder printable = new StringBuilder("'");
    for (int i = 4; i < 8; i++) {
      int c = bytes[i] & 0xff;
      printable.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
    }
    return printable
        .append("' (hex ")
        .append(HexFormat.of().formatHex(bytes, 4, 8))
        .append(')')
        .toString();
  }

  private static String stripExtension(String fileName) {
    return fileName.endsWith(EXTENSION)
        ? fileName.substring(0, fileName.length() - EXTENSION.length())
        : fileName;
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /**
   * Returns the model's name: the file name without {@code .tflite}, or the name it was given.
   *
   * @return the name, never {@code null}
   */
  public String name() {
    return name;
  }

  /**
   * Returns the same model under another name, keeping its bytes, origin and path; a family uses
   * this to tell apart two files of the same name.
   *
   * @param label the new name
   * @return the renamed model, or this model if the name is unchanged
   */
  public TfliteModel withName(String label) {
    Objects.requireNonNull(label, "label");
    return label.equals(name) ? this : new TfliteModel(label, origin, path, bytes);
  }

  /**
   * Returns where the model came from, as used in error messages: a path, {@code classpath:…}, or
   * the name given to {@link #fromBytes}.
   *
   * @return the origin, never {@code null}
   */
  public String origin() {
    return origin;
  }

  /**
   * Returns the file the model was read from.
   *
   * @return the path, or empty for a model loaded from the classpath or from bytes
   */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /**
   * Returns the SHA-256 digest of the model's bytes as 64 lower-case hex digits.
   *
   * @return the digest, never {@code null}
   */
  public String sha256() {
    return sha256;
  }

  /**
   * Returns the size of the flatbuffer in bytes.
   *
   * @return the size
   */
  public int size() {
    return bytes.length;
  }

  /**
   * Returns a copy of the model's bytes.
   *
   * @return the flatbuffer, never {@code null}
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Returns a read-only view of the model's bytes, without copying.
   *
   * @return the flatbuffer, positioned at 0
   */
  public ByteBuffer buffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /**
   * Writes the model to a file atomically: to a temporary file beside it, then moved into place, so
   * that a failed write never leaves a partial {@code .tflite} behind.
   *
   * @param target the file to write; its parent directories are created
   * @throws UncheckedIOException if the file cannot be written
   */
  public void save(Path target) {
    Objects.requireNonNull(target, "target");
    try {
      AtomicFiles.write(target, bytes);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException(
          "cannot write model '" + name + "' to " + target + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  /**
   * Unpacks the flatbuffer into the schema's object API. Each call returns a new, mutable copy.
   *
   * @return the unpacked model, never {@code null}
   */
  public ModelT schema() {
    try {
      return ModelT.deserializeFromBinary(bytes);
    } catch (RuntimeException e) {
      throw new InvalidModelException(origin, "the flatbuffer cannot be unpacked: " + e, e);
    }
  }

  /**
   * Reads the buffer of a named metadata entry, as converters and the TFLite Support metadata
   * writer store them ({@code TFLITE_METADATA}, {@code CONVERSION_METADATA}, {@code
   * min_runtime_version}).
   *
   * @param name the entry's name
   * @return a copy of the first such entry's bytes, or empty if the model has no such entry, or one
   *     whose buffer is out of range or holds no data
   */
  public Optional<byte[]> metadataBuffer(String name) {
    Objects.requireNonNull(name, "name");
    Model flat = Model.getRootAsModel(buffer());
    for (int i = 0; i < flat.metadataLength(); i++) {
      Metadata entry = flat.metadata(i);
      if (name.equals(entry.name())) {
        if (entry.buffer() <= 0 || entry.buffer() >= flat.buffersLength()) {
          return Optional.empty();
        }
        ByteBuffer data = flat.buffers((int) entry.buffer()).dataAsByteBuffer();
        if (data == null || !data.hasRemaining()) {
          return Optional.empty();
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return Optional.of(bytes);
      }
    }
    return Optional.empty();
  }

  /**
   * Inspects the model: operators, inputs and outputs, constant tensors, totals. The inspection is
   * made on the first call and kept.
   *
   * @return the inspection, never {@code null}
   */
  public ModelInfo inspect() {
    ModelInfo info = inspection;
    if (info == null) {
      info = ModelInspector.inspect(this);
      inspection = info;
    }
    return info;
  }

  @Override
  public String toString() {
    return "TfliteModel["
        + name
        + ", "
        + bytes.length
        + " bytes, sha256 "
        + sha256.substring(0, 12)
        + "]";
  }
}
