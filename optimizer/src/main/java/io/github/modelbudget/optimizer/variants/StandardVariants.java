package io.github.modelbudget.optimizer.variants;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.prune.OneShotPruner;
import io.github.modelbudget.optimizer.prune.OneShotPruningResult;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import io.github.modelbudget.optimizer.quantize.Float16Model;
import io.github.modelbudget.optimizer.quantize.Float16Quantizer;
import io.github.modelbudget.optimizer.quantize.FullIntegerModel;
import io.github.modelbudget.optimizer.quantize.FullIntegerQuantizer;
import io.github.modelbudget.optimizer.quantize.IoType;
import io.github.modelbudget.optimizer.quantize.QuantizedModel;
import io.github.modelbudget.optimizer.rewrite.UnmatchedFilterException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes the standard family of variants from one float baseline, all in memory first so that a
 * failure (a quantized or invalid baseline) writes nothing:
 *
 * <ul>
 *   <li>{@code baseline}: the input, byte for byte;
 *   <li>{@code quantized}: dynamic-range quantized ({@link DynamicRangeQuantizer});
 *   <li>{@code float16}: float16 weights ({@link Float16Quantizer});
 *   <li>{@code pruned}: one-shot magnitude pruned ({@link OneShotPruner}, 50% per tensor by
 *       default);
 *   <li>{@code pruned_quantized}: the pruned model, dynamic-range quantized;
 *   <li>{@code int8}: full-integer quantized ({@link FullIntegerQuantizer}, float inputs and
 *       outputs), only when calibration data is given.
 * </ul>
 *
 * <pre>{@code
 * List<Variant> family = new StandardVariants(VariantOptions.defaults()).make(baseline);
 * StandardVariants.write(family, Path.of("variants"));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StandardVariants {

  /** The names of the family's members, in the order {@link #make} returns them. */
  public static final List<String> NAMES =
      List.of("baseline", "quantized", "float16", "pruned", "pruned_quantized");

  /** The name of the member made only with calibration data, after the others. */
  public static final String INT8 = "int8";

  private final VariantOptions options;

  /**
   * Creates the maker.
   *
   * @param options how to quantize and prune
   */
  public StandardVariants(VariantOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Makes the family.
   *
   * @param baseline a float model
   * @return the members named in {@link #NAMES}, in that order, never {@code null}
   * @throws io.github.modelbudget.optimizer.quantize.NotQuantizableException if the baseline's
   *     constants are quantized already
   * @throws io.github.modelbudget.optimizer.prune.NotPrunableException if its weights cannot be
   *     pruned
   * @throws UnmatchedFilterException if the keep-float filter picks no weight that any quantized
   *     member would change
   */
  public List<Variant> make(TfliteModel baseline) {
    return make(baseline, Optional.empty());
  }

  /**
   * Makes the family, with an {@code int8} member last when calibration data is given.
   *
   * @param baseline a float model
   * @param calibration representative inputs for the {@code int8} member, or empty for none
   * @return the members, in order, never {@code null}
   * @throws io.github.modelbudget.harness.data.InvalidDataException if the calibration data does
   *     not fit the baseline's input
   * @see #make(TfliteModel)
   */
  public List<Variant> make(TfliteModel baseline, Optional<Dataset> calibration) {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(calibration, "calibration");
    // float16 first: it refuses any quantized constant, so a quantized baseline fails up front.
    // A keep-float pattern need only match in one member: a member it matches nothing in is the
    // same as without it, so that member is made without it.
    List<UnmatchedFilterException> unmatched = new ArrayList<>();
    Float16Model half =
        lenient(
            unmatched,
            () -> new Float16Quantizer(options.keepFloat()).quantize(baseline),
            () -> Float16Quantizer.withDefaults().quantize(baseline));
    DynamicRangeQuantizer keeping =
        new DynamicRangeQuantizer(options.quantization().withKeepFloat(options.keepFloat()));
    DynamicRangeQuantizer plain =
        new DynamicRangeQuantizer(options.quantization().withKeepFloat(Optional.empty()));
    QuantizedModel quantized =
        lenient(unmatched, () -> keeping.quantize(baseline), () -> plain.quantize(baseline));
    OneShotPruningResult pruned = new OneShotPruner(options.pruning()).prune(baseline);
    QuantizedModel prunedQuantized =
        lenient(
            unmatched,
            () -> keeping.quantize(pruned.model()),
            () -> plain.quantize(pruned.model()));
    Optional<FullIntegerModel> int8 =
        calibration.map(
            data ->
                lenient(
                    unmatched,
                    () ->
                        new FullIntegerQuantizer(IoType.FLOAT32, options.keepFloat())
                            .quantize(baseline, data),
                    () -> FullIntegerQuantizer.withDefaults().quantize(baseline, data)));
    if (unmatched.size() == (int8.isPresent() ? 4 : 3)) {
      // float16 changes every float constant: its list of candidates is the longest.
      throw unmatched.get(0);
    }
    List<Variant> family = new ArrayList<>();
    family.add(new Variant("baseline", baseline.withName("baseline"), "the input, unchanged"));
    family.add(variant("quantized", quantized.model(), quantized.report().summary()));
    family.add(variant("float16", half.model(), half.report().summary()));
    family.add(variant("pruned", pruned.model(), pruned.report().summary()));
    family.add(
        variant("pruned_quantized", prunedQuantized.model(), prunedQuantized.report().summary()));
    int8.ifPresent(m -> family.add(variant(INT8, m.model(), m.report().summary())));
    return List.copyOf(family);
  }

  /**
   * Writes each member to {@code <name>.tflite} in a directory, each file atomically.
   *
   * @param family the members
   * @param directory the directory; created if missing
   * @return the files written, in order
   * @throws java.io.UncheckedIOException if a file cannot be written
   */
  public static List<Path> write(List<Variant> family, Path directory) {
    List<Path> files = new ArrayList<>();
    for (Variant variant : family) {
      Path file = directory.resolve(variant.fileName());
      variant.model().save(file);
      files.add(file);
    }
    return List.copyOf(files);
  }

  private static <T> T lenient(
      List<UnmatchedFilterException> unmatched, Supplier<T> keeping, Supplier<T> plain) {
    try {
      return keeping.get();
    } catch (UnmatchedFilterException e) {
      unmatched.add(e);
      return plain.get();
    }
  }

  private static Variant variant(String name, TfliteModel model, String how) {
    return new Variant(name, model.withName(name), how);
  }
}
