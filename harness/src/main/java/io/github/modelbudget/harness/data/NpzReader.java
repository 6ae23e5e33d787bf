package io.github.modelbudget.harness.data;

import io.github.modelbudget.harness.InputFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads NumPy {@code .npz} archives (as written by {@code np.savez} and {@code
 * np.savez_compressed}): a ZIP file of {@code .npy} entries, each known by its key, the entry name
 * without {@code .npy}.
 *
 * <p>Entries are decoded straight from the archive into memory; nothing is ever extracted to disk.
 * Before any entry is read, every entry name in the archive is checked, and an archive with a name
 * that could escape a directory ({@code ..} segments, absolute paths, backslashes, drive letters)
 * is rejected as a whole. Each entry is read by an {@link NpyReader} with the same {@link
 * NpyLimits}. Instances are immutable and thread-safe.
 */
public final class NpzReader {

  private static final String NPY = ".npy";

  /** DEFLATE cannot expand data more than about 1032:1 (zlib's technical details). */
  private static final long MAX_DEFLATE_RATIO = 1032;

  private final NpyReader npy;

  /**
   * Creates a reader whose entries are held to the given limits.
   *
   * @param limits the header and element limits for each entry
   */
  public NpzReader(NpyLimits limits) {
    this.npy = new NpyReader(limits);
  }

  /**
   * Creates a reader with {@link NpyLimits#defaults()}.
   *
   * @return the reader
   */
  public static NpzReader withDefaultLimits() {
    return new NpzReader(NpyLimits.defaults());
  }

  /**
   * Lists the keys of the arrays in an archive.
   *
   * @param file the {@code .npz} file
   * @return the keys in archive order
   * @throws InvalidDataException if the file is missing, not a ZIP archive or has an unsafe entry
   *     name
   */
  public List<String> keys(Path file) {
    try (ZipFile zip = open(file)) {
      return List.copyOf(entries(file, zip).keySet());
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), "cannot read: " + InputFiles.describe(e), e);
    }
  }

  /**
   * Reads one array.
   *
   * @param file the {@code .npz} file
   * @param key the array's key, e.g. {@code "x"}
   * @return the array, never {@code null}
   * @throws InvalidDataException if the key is missing (the message lists the keys present) or the
   *     archive or the entry is invalid
   */
  public NdArray read(Path file, String key) {
    return read(file, List.of(key)).get(key);
  }

  /**
   * Reads several arrays.
   *
   * @param file the {@code .npz} file
   * @param keys the arrays' keys
   * @return the arrays by key, in the order asked for
   * @throws InvalidDataException if a key is missing (the message lists the keys present) or the
   *     archive or an entry is invalid
   */
  public Map<String, NdArray> read(Path file, List<String> keys) {
    Objects.requireNonNull(file, "file");
    List<String> wanted = List.copyOf(keys);
    try (ZipFile zip = open(file)) {
      Map<String, ZipEntry> entries = entries(file, zip);
      for (String key : wanted) {
        if (!entries.containsKey(key)) {
          throw new InvalidDataException(
              file.toString(),
              "the archive has no array '" + key + "'; the keys present are " + entries.keySet());
        }
      }
      Map<String, NdArray> arrays = new LinkedHashMap<>();
      for (String key : wanted) {
        ZipEntry entry = entries.get(key);
        arrays.put(key, readEntry(zip, entry, file + "!" + entry.getName()));
      }
      return Collections.unmodifiableMap(arrays);
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), "cannot read: " + InputFiles.describe(e), e);
    }
  }

  /**
   * Reads one entry and checks its CRC-32 over every byte of it, as NumPy does ("Bad CRC-32"):
   * {@link ZipFile} itself does not, so a flipped bit would otherwise be read as data. A parse
   * error in an entry whose checksum is wrong is reported as the corruption it is.
   */
  private NdArray readEntry(ZipFile zip, ZipEntry entry, String origin) throws IOException {
    CRC32 crc = new CRC32();
    try (InputStream in =
        new BufferedInputStream(new CheckedInputStream(zip.getInputStream(entry), crc))) {
      NdArray array;
      try {
        array = npy.read(in, origin, Integer.MAX_VALUE, sizeBound(entry));
      } catch (InvalidDataException e) {
        in.transferTo(OutputStream.nullOutputStream());
        if (checksumDiffers(entry, crc)) {
          throw badChecksum(origin, entry, crc, e);
        }
        throw e;
      }
      // The checksum covers the whole entry, also anything after the array.
      in.transferTo(OutputStream.nullOutputStream());
      if (checksumDiffers(entry, crc)) {
        throw badChecksum(origin, entry, crc, null);
      }
      return array;
    } catch (ZipException e) {
      throw new InvalidDataException(origin, "corrupt ZIP entry: " + InputFiles.describe(e), e);
    }
  }

  private static boolean checksumDiffers(ZipEntry entry, CRC32 crc) {
    return entry.getCrc() != -1 && crc.getValue() != entry.getCrc();
  }

  private static InvalidDataException badChecksum(
      String origin, ZipEntry entry, CRC32 crc, Throwable cause) {
    return new InvalidDataException(
        origin,
        String.format(
            Locale.ROOT,
            "corrupt ZIP entry: its content has CRC-32 %08x but the archive records %08x (NumPy"
                + " refuses it too: \"Bad CRC-32\"); the file was damaged, write or copy it again",
            crc.getValue(),
            entry.getCrc()),
        cause);
  }

  /**
   * The most bytes an entry can hold: its recorded size, and for a compressed entry no more than
   * DEFLATE can expand its compressed bytes to, so that a forged size cannot make the reader
   * allocate an array that the archive cannot fill.
   */
  private static long sizeBound(ZipEntry entry) {
    long bound = entry.getSize() >= 0 ? entry.getSize() : Long.MAX_VALUE;
    long compressed = entry.getCompressedSize();
    if (compressed >= 0) {
      long most =
          entry.getMethod() == ZipEntry.STORED
              ? compressed
              : compressed > Long.MAX_VALUE / MAX_DEFLATE_RATIO
                  ? Long.MAX_VALUE
                  : compressed * MAX_DEFLATE_RATIO;
      bound = Math.min(bound, most);
    }
    return bound == Long.MAX_VALUE ? NpyReader.UNKNOWN_SIZE : bound;
  }

  private static ZipFile open(Path file) {
    Objects.requireNonNull(file, "file");
    InputFiles.requireRegularFile(
        file, problem -> new InvalidDataException(file.toString(), problem));
    try {
      return new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new InvalidDataException(
          file.toString(),
          "not a .npz archive: it is not a valid ZIP file (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), "cannot read: " + InputFiles.describe(e), e);
    }
  }

  /** Checks every entry name, then maps the keys of the {@code .npy} entries to their entries. */
  private static Map<String, ZipEntry> entries(Path file, ZipFile zip) {
    List<? extends ZipEntry> all = Collections.list(zip.entries());
    for (ZipEntry entry : all) {
      unsafeBecause(entry.getName())
          .ifPresent(
              reason -> {
                throw new InvalidDataException(
                    file.toString(),
                    "unsafe entry name '"
                        + entry.getName()
                        + "' ("
                        + reason
                        + "); refusing to read"
                        + " the archive");
              });
    }
    Map<String, ZipEntry> byKey = new LinkedHashMap<>();
    for (ZipEntry entry : all) {
      String name = entry.getName();
      if (!entry.isDirectory()
          && name.endsWith(NPY)
          && byKey.put(name.substring(0, name.length() - NPY.length()), entry) != null) {
        throw new InvalidDataException(
            file.toString(),
            "the archive has two entries named '" + name + "'; which one is meant?");
      }
    }
    return byKey;
  }

  private static Optional<String> unsafeBecause(String name) {
    if (name.indexOf('\\') >= 0) {
      return Optional.of("it contains a backslash");
    }
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      return Optional.of("it is an absolute path");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals("..")) {
        return Optional.of("it contains a '..' segment");
      }
    }
    if (name.indexOf('\0') >= 0) {
      return Optional.of("it contains a NUL character");
    }
    return Optional.empty();
  }
}
