package io.github.modelbudget.cli.training;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The checksums a Cloud Storage server announces for a whole object in its {@code x-goog-hash}
 * headers ({@code crc32c=<base64>} and {@code md5=<base64>}, in one header or in several), also on
 * partial ({@code 206}) responses.
 *
 * @param md5 the base64 MD5 of the whole object, if announced
 * @param crc32c the base64 of the object's CRC32C as 4 big-endian bytes, if announced
 */
record QuickDrawObjectHashes(Optional<String> md5, Optional<String> crc32c) {

  /**
   * Reads the hashes from the values of every {@code x-goog-hash} header; unknown kinds are
   * ignored.
   *
   * @param headerValues the header values, in any number
   * @return the announced hashes, empty when there are none
   */
  static QuickDrawObjectHashes parse(List<String> headerValues) {
    Optional<String> md5 = Optional.empty();
    Optional<String> crc32c = Optional.empty();
    for (String value : headerValues) {
      for (String entry : value.split(",")) {
        // Base64 ends in '=' padding, so only the first '=' separates the kind from the value.
        int eq = entry.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String kind = entry.substring(0, eq).strip();
        String hash = entry.substring(eq + 1).strip();
        if (kind.equalsIgnoreCase("md5")) {
          md5 = Optional.of(hash);
        } else if (kind.equalsIgnoreCase("crc32c")) {
          crc32c = Optional.of(hash);
        }
      }
    }
    return new QuickDrawObjectHashes(md5, crc32c);
  }

  /** Returns whether the server announced no hash at all. */
  boolean isEmpty() {
    return md5.isEmpty() && crc32c.isEmpty();
  }

  /** Returns a fresh accumulator of the hashes this object announces. */
  Accumulator accumulator() {
    return new Accumulator();
  }

  /** Computes MD5 and CRC32C of the bytes fed to it and compares them with the announced ones. */
  final class Accumulator {

    private final MessageDigest md5Digest;
    private final CRC32C crc = new CRC32C();

    private Accumulator() {
      try {
        md5Digest = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform provides MD5", e);
      }
    }

    /** Adds bytes to the running checksums. */
    void update(byte[] bytes, int offset, int length) {
      md5Digest.update(bytes, offset, length);
      crc.update(bytes, offset, length);
    }

    /**
     * Returns one line per announced hash that differs from the computed one, e.g. {@code MD5:
     * expected X (x-goog-hash) but the download has Y}; empty when all match.
     */
    List<String> mismatches() {
      List<String> problems = new ArrayList<>();
      String foundMd5 = Base64.getEncoder().encodeToString(md5Digest.digest());
      md5.filter(expected -> !expected.equals(foundMd5))
          .ifPresent(expected -> problems.add(mismatch("MD5", expected, foundMd5)));
      long value = crc.getValue();
      byte[] crcBytes = {
        (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
      };
      String foundCrc = Base64.getEncoder().encodeToString(crcBytes);
      crc32c
          .filter(expected -> !expected.equals(foundCrc))
          .ifPresent(expected -> problems.add(mismatch("CRC32C", expected, foundCrc)));
      return List.copyOf(problems);
    }

    private static String mismatch(String kind, String expected, String found) {
      return kind + ": expected " + expected + " (x-goog-hash) but the download has " + found;
    }
  }
}
