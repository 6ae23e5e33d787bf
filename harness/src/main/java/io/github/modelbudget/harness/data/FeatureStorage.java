package io.github.modelbudget.harness.data;

/**
 * Where {@link Datasets} keeps a dataset's features: on the heap, or left in the file and read
 * through a memory map as batches are evaluated ({@link LoadOptions#withFeatureStorage}).
 *
 * <p>Mapping applies to NumPy data: a {@code .npz} archive's features array and Quick, Draw! {@code
 * .npy} bitmaps. An array stored uncompressed in its archive (as {@code np.savez} writes it) is
 * mapped in place, after its CRC-32 is checked; a compressed one ({@code np.savez_compressed}) is
 * first inflated, a chunk at a time, into a temporary file in {@code java.io.tmpdir}, which is
 * mapped and deleted at once, so it needs disk space for the decoded array but no heap. Other
 * formats (IDX, strokes) are always read into memory. Images (folders of class folders, CSV files)
 * are not mapped but left in their files and decoded, resized and normalised a batch at a time as
 * they are read. Labels are always read into memory (4 bytes a sample). The values, and so every
 * result and digest, are the same whatever the storage.
 */
public enum FeatureStorage {
  /**
   * Mapped when the features, as floats, would take more than a quarter of the JVM's maximum heap
   * ({@link Runtime#maxMemory()}); on the heap otherwise. The default.
   */
  AUTO,
  /** Always on the heap, as an array of floats: fastest for data that fits. */
  MEMORY,
  /** Always mapped where the format allows it. */
  MAPPED;

  /** Tells whether features of {@code floatBytes} bytes as floats are to be mapped. */
  boolean maps(long floatBytes) {
    return switch (this) {
      case MEMORY -> false;
      case MAPPED -> true;
      case AUTO -> floatBytes > Runtime.getRuntime().maxMemory() / 4;
    };
  }
}
