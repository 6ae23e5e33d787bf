package io.github.modelbudget.optimizer.variants;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.prune.OneShotPruner;
import io.github.modelbudget.optimizer.prune.OneShotPruningOptions;
import io.github.modelbudget.optimizer.prune.OneShotPruningResult;
import io.github.modelbudget.optimizer.prune.PruningScope;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import io.github.modelbudget.optimizer.quantize.Float16Model;
import io.github.modelbudget.optimizer.quantize.Float16Quantizer;
import io.github.modelbudget.optimizer.quantize.FullIntegerModel;
import io.github.modelbudget.optimizer.quantize.FullIntegerQuantizer;
import io.github.modelbudget.optimizer.quantize.IoType;
import io.github.modelbudget.optimizer.quantize.QuantizationOptions;
import io.github.modelbudget.optimizer.quantize.QuantizationScheme;
import io.github.modelbudget.optimizer.quantize.QuantizedModel;
import io.github.modelbudget.optimizer.rewrite.UnmatchedFilterException;
import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import io.github.modelbudget.optimizer.search.QuantizationMode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The variants a user asks for by their recipe rather than by file: each quantization mode applied
 * to the baseline, each sparsity of one-shot pruning, and (when {@code combined}) each pruned model
 * quantized in each mode.
 *
 * <p>The members are named after how they were made, so a name stays the same whatever else the
 * grid holds:
 *
 * <table>
 *   <caption>Member names</caption>
 *   <tr><th>recipe</th><th>name</th></tr>
 *   <tr><td>{@link QuantizationMode#DYNAMIC}</td><td>{@code quantized}</td></tr>
 *   <tr><td>{@link QuantizationMode#FLOAT16}</td><td>{@code float16}</td></tr>
 *   <tr><td>{@link QuantizationMode#INT8} (float inputs and outputs)</td><td>{@code int8}</td></tr>
 *   <tr><td>sparsity 0.5</td><td>{@code pruned_50}</td></tr>
 *   <tr><td>sparsity 0.875, then {@code INT8}</td><td>{@code pruned_87p5_int8}</td></tr>
 * </table>
 *
 * <p>Every member is made in memory before any is returned, so a baseline that cannot be rewritten
 * (quantized already, no prunable weight) fails before anything is written. A keep-float filter
 * need only match in one quantized member; one it matches in none is an {@link
 * UnmatchedFilterException}, as for a single rewrite.
 *
 * @param modes the quantization modes, each at most once; {@link QuantizationMode#NONE} is not one
 * @param sparsities the one-shot pruning sparsities, each in (0, 1), each at most once
 * @param combined whether each pruned model is also quantized in each mode
 * @param scope per tensor or global magnitude ranking for pruning
 * @param scheme the converter generation whose dynamic-range files {@code DYNAMIC} reproduces
 * @param keepFloat the weights every quantized member leaves float, if any
 */
public record VariantGrid(
    List<QuantizationMode> modes,
    List<Double> sparsities,
    boolean combined,
    PruningScope scope,
    QuantizationScheme scheme,
    Optional<WeightFilter> keepFloat) {

  /** Validates and copies. */
  public VariantGrid {
    modes = List.copyOf(modes);
    sparsities = List.copyOf(sparsities);
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(keepFloat, "keepFloat");
    if (modes.contains(QuantizationMode.NONE)) {
      throw new IllegalArgumentException(
          "the quantization modes of a variant grid are DYNAMIC, FLOAT16 and INT8, but NONE was"
              + " given; the baseline is the float member");
    }
    if (new LinkedHashSet<>(modes).size() != modes.size()) {
      throw new IllegalArgumentException("a quantization mode is given twice in " + modes);
    }
    for (double s : sparsities) {
      if (!(s > 0 && s < 1)) {
        throw new IllegalArgumentException(
            "a pruning sparsity must be between 0 and 1 (exclusive) but is " + s);
      }
    }
    if (new LinkedHashSet<>(sparsities).size() != sparsities.size()) {
      throw new IllegalArgumentException("a sparsity is given twice in " + sparsities);
    }
    if (modes.isEmpty() && sparsities.isEmpty()) {
      throw new IllegalArgumentException(
          "a variant grid needs at least one quantization mode or sparsity");
    }
  }

  /**
   * Tells whether making the grid needs calibration data.
   *
   * @return {@code true} if it holds {@link QuantizationMode#INT8}
   */
  public boolean needsCalibration() {
    return modes.contains(QuantizationMode.INT8);
  }

  /**
   * Returns the names of the members, in the order {@link #make} returns them: the modes, then each
   * sparsity followed by its quantized members.
   *
   * @return the names, never empty
   */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    modes.forEach(mode -> names.add(modeName(mode)));
    for (double sparsity : sparsities) {
      String pruned = prunedName(sparsity);
      names.add(pruned);
      if (combined) {
        modes.forEach(mode -> names.add(pruned + "_" + modeName(mode)));
      }
    }
    return List.copyOf(names);
  }

  /**
   * Makes the members.
   *
   * @param baseline a float model
   * @param calibration representative inputs, needed exactly when {@link #needsCalibration()}
   * @return the members, named as {@link #names()} says and in that order
   * @throws IllegalArgumentException if calibration data is missing for {@code INT8}, or given
   *     without it
   * @throws io.github.modelbudget.optimizer.quantize.NotQuantizableException if the baseline's
   *     constants are quantized already
   * @throws io.github.modelbudget.optimizer.prune.NotPrunableException if its weights cannot be
   *     pruned
   * @throws UnmatchedFilterException if the keep-float filter picks no weight in any quantized
   *     member
   * @throws io.github.modelbudget.harness.data.InvalidDataException if the calibration data does
   *     not fit the baseline's input
   */
  public List<Variant> make(TfliteModel baseline, Optional<Dataset> calibration) {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(calibration, "calibration");
    if (needsCalibration() && calibration.isEmpty()) {
      throw new IllegalArgumentException(
          "INT8 is calibrated on representative inputs, but no calibration data was given");
    }
    if (!needsCalibration() && calibration.isPresent()) {
      throw new IllegalArgumentException(
          "calibration data is only used by INT8, which is not among the modes " + modes);
    }
    Quantizing quantizing = new Quantizing(scheme, keepFloat, calibration);
    List<Variant> members = new ArrayList<>();
    for (QuantizationMode mode : modes) {
      members.add(quantizing.apply(mode, baseline, modeName(mode)));
    }
    for (double sparsity : sparsities) {
      String name = prunedName(sparsity);
      OneShotPruningResult pruned =
          new OneShotPruner(new OneShotPruningOptions(sparsity, scope)).prune(baseline);
      members.add(new Variant(name, pruned.model().withName(name), pruned.report().summary()));
      if (combined) {
        for (QuantizationMode mode : modes) {
          members.add(quantizing.apply(mode, pruned.model(), name + "_" + modeName(mode)));
        }
      }
    }
    quantizing.checkFilterMatched(modes.size() * (1 + (combined ? sparsities.size() : 0)));
    return List.copyOf(members);
  }

  /** The member name of a mode alone. */
  static String modeName(QuantizationMode mode) {
    return switch (mode) {
      case DYNAMIC -> "quantized";
      case FLOAT16 -> "float16";
      case INT8 -> "int8";
      case NONE -> throw new IllegalArgumentException("NONE makes no member");
    };
  }

  /** The member name of a sparsity: its percentage, a decimal point written {@code p}. */
  static String prunedName(double sparsity) {
    String percent =
        new BigDecimal(Double.toString(sparsity))
            .movePointRight(2)
            .stripTrailingZeros()
            .toPlainString()
            .replace('.', 'p');
    return "pruned_" + percent;
  }

  /** Quantizes in any mode, keeping float what the filter picks wherever it picks something. */
  private static final class Quantizing {

    private final QuantizationScheme scheme;
    private final Optional<WeightFilter> keepFloat;
    private final Optional<Dataset> calibration;
    private final List<UnmatchedFilterException> unmatched = new ArrayList<>();

    Quantizing(
        QuantizationScheme scheme,
        Optional<WeightFilter> keepFloat,
        Optional<Dataset> calibration) {
      this.scheme = scheme;
      this.keepFloat = keepFloat;
      this.calibration = calibration;
    }

    Variant apply(QuantizationMode mode, TfliteModel model, String name) {
      try {
        return make(mode, model, keepFloat, name);
      } catch (UnmatchedFilterException e) {
        // A filter that matches nothing in this member changes nothing here: make it without.
        unmatched.add(e);
        return make(mode, model, Optional.empty(), name);
      }
    }

    void checkFilterMatched(int quantizedMembers) {
      if (keepFloat.isPresent() && quantizedMembers > 0 && unmatched.size() == quantizedMembers) {
        throw unmatched.get(0);
      }
    }

    private Variant make(
        QuantizationMode mode, TfliteModel model, Optional<WeightFilter> filter, String name) {
      return switch (mode) {
        case DYNAMIC -> {
          QuantizedModel q =
              new DynamicRangeQuantizer(
                      QuantizationOptions.defaults().withScheme(scheme).withKeepFloat(filter))
                  .quantize(model);
          yield new Variant(name, q.model().withName(name), q.report().summary());
        }
        case FLOAT16 -> {
          Float16Model h = new Float16Quantizer(filter).quantize(model);
          yield new Variant(name, h.model().withName(name), h.report().summary());
        }
        case INT8 -> {
          FullIntegerModel i =
              new FullIntegerQuantizer(IoType.FLOAT32, filter)
                  .quantize(model, calibration.orElseThrow());
          yield new Variant(name, i.model().withName(name), i.report().summary());
        }
        case NONE -> throw new IllegalArgumentException("NONE makes no member");
      };
    }
  }
}
