package io.github.modelbudget.harness.format;

import io.github.modelbudget.harness.format.ValidationIssue.Severity;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.Pool2DOptions;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;

/**
 * A spatial operator's output must not be empty. With VALID padding, a CONV_2D, DEPTHWISE_CONV_2D
 * or pool whose (dilated) filter is taller or wider than its input has an output of height or width
 * 0, and an input of height or width 0 gives one under any padding. TFLite 2.21's XNNPACK delegate
 * aborts the process on such a graph (found by {@code TfliteGraphFuzzTest}); converters never write
 * one. The input's recorded shape is checked; a dimension its shape signature leaves dynamic (-1)
 * is set by the runtime and not checked.
 */
final class SpatialExtentCheck {

  private SpatialExtentCheck() {}

  /** Adds an error for every spatial operator of the subgraph whose output would be empty. */
  static void check(List<ValidationIssue> errors, int s, SubGraph subgraph, int[] codes) {
    int tensors = subgraph.tensorsLength();
    for (int o = 0; o < subgraph.operatorsLength(); o++) {
      Operator op = subgraph.operators(o);
      long codeIndex = op.opcodeIndex();
      if (codeIndex < 0 || codeIndex >= codes.length || op.inputsLength() < 1) {
        continue;
      }
      int code = codes[(int) codeIndex];
      Extent filter = filterOf(code, op, subgraph, tensors);
      int in = op.inputs(0);
      if (filter == null || in < 0 || in >= tensors) {
        continue;
      }
      Tensor input = subgraph.tensors(in);
      if (input.shapeLength() != 4) {
        continue;
      }
      String subject =
          "operator " + o + " (" + OperatorCode.builtinName(code) + ") of subgraph " + s;
      String[] axes = {"height", "width"};
      int[] sizes = {filter.height(), filter.width()};
      for (int a = 0; a < 2; a++) {
        int d = a + 1;
        boolean dynamic = input.shapeSignatureLength() == 4 && input.shapeSignature(d) == -1;
        int extent = input.shape(d);
        if (dynamic || extent < 0) {
          continue;
        }
        if (extent == 0) {
          errors.add(
              new ValidationIssue(
                  Severity.ERROR,
                  subject,
                  "its input has " + axes[a] + " 0, so its output is empty"));
        } else if (filter.valid() && sizes[a] > extent) {
          errors.add(
              new ValidationIssue(
                  Severity.ERROR,
                  subject,
                  "its filter "
                      + axes[a]
                      + " of "
                      + sizes[a]
                      + " (dilation included) is larger than its input's "
                      + extent
                      + " with VALID padding, so its output is empty"));
        }
      }
    }
  }

  /**
   * The dilated filter and the padding, or {@code null} for another operator or a bad graph (absent
   * options, which the option checks report).
   */
  private static Extent filterOf(int code, Operator op, SubGraph subgraph, int tensors) {
    byte type = op.builtinOptionsType();
    switch (code) {
      case BuiltinOperator.CONV_2D, BuiltinOperator.DEPTHWISE_CONV_2D -> {
        if (op.inputsLength() < 2) {
          return null;
        }
        int w = op.inputs(1);
        if (w < 0 || w >= tensors || subgraph.tensors(w).shapeLength() != 4) {
          return null;
        }
        Tensor weights = subgraph.tensors(w);
        int padding;
        int dilationH;
        int dilationW;
        if (code == BuiltinOperator.CONV_2D && type == BuiltinOptions.Conv2DOptions) {
          Conv2DOptions o = (Conv2DOptions) op.builtinOptions(new Conv2DOptions());
          if (o == null) {
            return null;
          }
          padding = o.padding();
          dilationH = o.dilationHFactor();
          dilationW = o.dilationWFactor();
        } else if (code == BuiltinOperator.DEPTHWISE_CONV_2D
            && type == BuiltinOptions.DepthwiseConv2DOptions) {
          DepthwiseConv2DOptions o =
              (DepthwiseConv2DOptions) op.builtinOptions(new DepthwiseConv2DOptions());
          if (o == null) {
            return null;
          }
          padding = o.padding();
          dilationH = o.dilationHFactor();
          dilationW = o.dilationWFactor();
        } else {
          return null;
        }
        return Extent.dilated(weights.shape(1), weights.shape(2), dilationH, dilationW, padding);
      }
      case BuiltinOperator.MAX_POOL_2D,
          BuiltinOperator.AVERAGE_POOL_2D,
          BuiltinOperator.L2_POOL_2D -> {
        if (type != BuiltinOptions.Pool2DOptions) {
          return null;
        }
        Pool2DOptions o = (Pool2DOptions) op.builtinOptions(new Pool2DOptions());
        if (o == null) {
          return null;
        }
        return Extent.dilated(o.filterHeight(), o.filterWidth(), 1, 1, o.padding());
      }
      default -> {
        return null;
      }
    }
  }

  /** A filter's dilated height and width, and whether its padding is VALID. */
  private record Extent(int height, int width, boolean valid) {

    /** Or {@code null} when the sizes are not positive (the option checks report those). */
    static Extent dilated(int kh, int kw, int dh, int dw, int padding) {
      if (kh < 1 || kw < 1 || dh < 1 || dw < 1) {
        return null;
      }
      long height = (long) (kh - 1) * dh + 1;
      long width = (long) (kw - 1) * dw + 1;
      return new Extent(
          (int) Math.min(height, Integer.MAX_VALUE),
          (int) Math.min(width, Integer.MAX_VALUE),
          padding == Padding.VALID);
    }
  }
}
