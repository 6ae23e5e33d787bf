package io.github.modelbudget.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes {@code .npz} archives (arrays {@code x} float32 and {@code y} int64) for the tests. */
public final class NpzFiles {

  private NpzFiles() {}

  public static Path write(Path file, float[] features, int[] sampleShape, int[] labels)
      throws IOException {
    int[] shape = new int[sampleShape.length + 1];
    shape[0] = labels.length;
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    ByteBuffer x = ByteBuffer.allocate(features.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : features) {
      x.putFloat(f);
    }
    ByteBuffer y = ByteBuffer.allocate(labels.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int label : labels) {
      y.putLong(label);
    }
    try (OutputStream stream = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(stream)) {
      zip.putNextEntry(new ZipEntry("x.npy"));
      zip.write(npy("<f4", shape, x.array()));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("y.npy"));
      zip.write(npy("<i8", new int[] {labels.length}, y.array()));
      zip.closeEntry();
    }
    return file;
  }

  /** Returns a NumPy {@code .npy} file of float32 values with the given shape. */
  public static byte[] npyFloat32(float[] values, int... shape) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : values) {
      data.putFloat(f);
    }
    return npy("<f4", shape, data.array());
  }

  /** Returns a NumPy {@code .npy} file of uint8 values with the given shape. */
  static byte[] npyUint8(byte[] values, int... shape) throws IOException {
    return npy("|u1", shape, values);
  }

  /** NPY 1.0: magic, version, little-endian header length, a dict padded to 64 bytes, data. */
  private static byte[] npy(String descr, int[] shape, byte[] data) throws IOException {
    String dims =
        Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    String header =
        "{'descr': '"
            + descr
            + "', 'fortran_order': False, 'shape': ("
            + dims
            + (shape.length == 1 ? ",), }" : "), }");
    int unpadded = 10 + header.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    header = header + " ".repeat(padding) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xff);
    out.write(header.length() >>> 8);
    out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    out.write(data);
    return out.toByteArray();
  }
}
