package io.github.modelbudget.harness.data;

import io.github.modelbudget.harness.InputFiles;
import io.github.modelbudget.harness.ZipArchives;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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
 * <p>Entries are decoded straight from the archive into memory; nothing is extracted to disk,
 * except that {@link Datasets} may map a features array instead of reading it ({@link
 * FeatureStorage}): a compressed one is then inflated into a temporary file that is deleted once
 * mapped. Before any entry is read, every entry name in the archive is checked, and an archive with
 * a name that could escape a directory ({@code ..} segments, absolute paths, backslashes, drive
 * letters) is rejected as a whole. Each entry is read by an {@link NpyReader} with the same {@link
 * NpyLimits}. Instances are immutable and thread-safe.
 */
public final class NpzReader {

  private static final String NPY = ".npy";

  private static final int LOCAL_HEADER_SIGNATURE = 0x04034b50;
  private static final int LOCAL_HEADER_BYTES = 30;
  private static final int DATA_DESCRIPTOR_FLAG = 1 << 3;

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
   * Reads only the header of an array and returns how many bytes its elements would take as floats.
   */
  long floatBytes(Path file, String key) {
    try (ZipFile zip = open(file)) {
      ZipEntry entry = entry(file, zip, key);
      try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1024)) {
        return npy.floatBytes(in, file + "!" + entry.getName());
      }
    } catch (ZipException e) {
      throw new InvalidDataException(
          file + "!" + key, "corrupt ZIP entry: " + InputFiles.describe(e), e);
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), "cannot read: " + InputFiles.describe(e), e);
    }
  }

  /**
   * Maps an array instead of reading it (see {@link FeatureStorage}): an entry stored uncompressed
   * is mapped in place once its CRC-32 is checked; any other is inflated into a temporary file,
   * checked, mapped, and the file deleted at once (the mapping outlives the name).
   *
   * @throws InvalidDataException if the key is missing or the entry is invalid or corrupt
   */
  NpyReader.MappedArray map(Path file, String key, int maxRows) {
    String origin = file + "!" + key + NPY;
    try (ZipFile zip = open(file)) {
      ZipEntry entry = entry(file, zip, key);
      origin = file + "!" + entry.getName();
      OptionalLong start =
          entry.getMethod() == ZipEntry.STORED
              ? storedDataOffset(file, zip, entry)
              : OptionalLong.empty();
      if (start.isPresent()) {
        long length = entry.getCompressedSize();
        checkMappedCrc(file, start.getAsLong(), length, entry, origin);
        return npy.map(file, start.getAsLong(), length, origin, maxRows);
      }
      Path inflated = Files.createTempFile("modelbudget-", NPY);
      try {
        CRC32 crc = new CRC32();
        try (InputStream in = new CheckedInputStream(zip.getInputStream(entry), crc)) {
          Files.copy(in, inflated, StandardCopyOption.REPLACE_EXISTING);
        }
        if (checksumDiffers(entry, crc)) {
          throw badChecksum(origin, entry, crc, null);
        }
        return npy.map(inflated, 0, Files.size(inflated), origin, maxRows);
      } finally {
        try {
          Files.deleteIfExists(inflated);
        } catch (IOException e) {
          // A platform that cannot delete a mapped file (Windows): leave it for the JVM's exit.
          inflated.toFile().deleteOnExit();
        }
      }
    } catch (ZipException e) {
      throw new InvalidDataException(origin, "corrupt ZIP entry: " + InputFiles.describe(e), e);
    } catch (IOException e) {
      throw new InvalidDataException(origin, "cannot map: " + InputFiles.describe(e), e);
    }
  }

  /**
   * Finds where a stored entry's bytes start by walking the local file headers from the start of
   * the archive, as {@code np.savez} writes them (back to back, no data descriptors). Anything else
   * (a prefix, a data descriptor, headers that disagree with the central directory) gives empty,
   * and the entry is extracted instead.
   */
  private static OptionalLong storedDataOffset(Path file, ZipFile zip, ZipEntry wanted)
      throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      long position = 0;
      ByteBuffer header = ByteBuffer.allocate(LOCAL_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (int seen = 0; seen < zip.size(); seen++) {
        header.clear();
        if (position > size - LOCAL_HEADER_BYTES
            || channel.read(header, position) < LOCAL_HEADER_BYTES
            || header.getInt(0) != LOCAL_HEADER_SIGNATURE) {
          return OptionalLong.empty();
        }
        int flags = header.getShort(6) & 0xFFFF;
        int method = header.getShort(8) & 0xFFFF;
        int nameLength = header.getShort(26) & 0xFFFF;
        int extraLength = header.getShort(28) & 0xFFFF;
        ByteBuffer nameBytes = ByteBuffer.allocate(nameLength);
        if (channel.read(nameBytes, position + LOCAL_HEADER_BYTES) < nameLength) {
          return OptionalLong.empty();
        }
        ZipEntry entry =
            ZipArchives.entry(
                zip,
                new String(nameBytes.array(), StandardCharsets.UTF_8),
                problem -> new InvalidDataException(file.toString(), problem));
        if (entry == null || (flags & DATA_DESCRIPTOR_FLAG) != 0 || entry.getCompressedSize() < 0) {
          return OptionalLong.empty();
        }
        long data = position + LOCAL_HEADER_BYTES + nameLength + extraLength;
        if (entry.getName().equals(wanted.getName())) {
          boolean fits = data <= size - entry.getCompressedSize();
          return method == ZipEntry.STORED && fits ? OptionalLong.of(data) : OptionalLong.empty();
        }
        position = data + entry.getCompressedSize();
      }
      return OptionalLong.empty();
    }
  }

  /** Checks the CRC-32 of a stored entry over its bytes in the file, a mapped chunk at a time. */
  private static void checkMappedCrc(
      Path file, long start, long length, ZipEntry entry, String origin) throws IOException {
    CRC32 crc = new CRC32();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      for (long done = 0; done < length; ) {
        long chunk = Math.min(length - done, 1L << 28);
        crc.update(channel.map(FileChannel.MapMode.READ_ONLY, start + done, chunk));
        done += chunk;
      }
    }
    if (checksumDiffers(entry, crc)) {
      throw badChecksum(origin, entry, crc, null);
    }
  }

  private static ZipEntry entry(Path file, ZipFile zip, String key) {
    Map<String, ZipEntry> entries = entries(file, zip);
    ZipEntry entry = entries.get(key);
    if (entry == null) {
      throw new InvalidDataException(
          file.toString(),
          "the archive has no array '" + key + "'; the keys present are " + entries.keySet());
    }
    return entry;
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
    List<ZipEntry> all =
        ZipArchives.entries(zip, problem -> new InvalidDataException(file.toString(), problem));
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
