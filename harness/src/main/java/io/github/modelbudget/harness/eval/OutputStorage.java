package io.github.modelbudget.harness.eval;

/**
 * Where the {@link Evaluator} keeps a model's raw outputs, which an {@link EvaluationResult} holds
 * for its comparison with the baseline ({@link Comparison}'s output differences): on the heap, or
 * in a temporary file read through a memory map, so that a many-class model on a large dataset
 * (1001 ImageNet classes on 50 000 images: 200 MB a variant) does not hold them in the heap.
 *
 * <p>A mapped store's file is created in {@code java.io.tmpdir} and deleted as soon as it is mapped
 * (the mapping outlives the name); the operating system pages it in and out. The values, and so
 * every metric, are the same whatever the storage.
 */
public enum OutputStorage {
  /**
   * Mapped when the outputs, as floats, would take more than a sixteenth of the JVM's maximum heap
   * ({@link Runtime#maxMemory()}; a family keeps one result a variant) or more than a Java array
   * holds; on the heap otherwise. The default.
   */
  AUTO,
  /** Always on the heap: fastest for outputs that fit. */
  MEMORY,
  /** Always mapped. */
  MAPPED;

  /** Tells whether {@code values} outputs are to be mapped. */
  boolean maps(long values) {
    return switch (this) {
      case MEMORY -> false;
      case MAPPED -> true;
      case AUTO ->
          values > OutputStore.MAX_ARRAY
              || values * Float.BYTES > Runtime.getRuntime().maxMemory() / 16;
    };
  }
}
