package io.github.modelbudget.harness.format;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.ConcatenationOptionsT;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.DivOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsWeightsFormat;
import org.tensorflow.lite.schema.MulOptionsT;
import org.tensorflow.lite.schema.PackOptionsT;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.ReducerOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.SubOptionsT;
import org.tensorflow.lite.schema.TransposeConvOptionsT;
import org.tensorflow.lite.schema.UnidirectionalSequenceLSTMOptionsT;

/**
 * The builtin options of an operator that change what it computes or how fast, by their schema
 * names: {@code fused_activation_function}, {@code padding}, strides, {@code
 * asymmetric_quantize_inputs} and a few more. Defaults that change nothing are left out.
 */
final class OperatorOptions {

  private OperatorOptions() {}

  static Map<String, String> describe(BuiltinOptionsUnion union) {
    Map<String, String> options = new LinkedHashMap<>();
    Object value = union == null ? null : union.getValue();
    if (value instanceof Conv2DOptionsT o) {
      padding(options, o.getPadding());
      stride(options, o.getStrideH(), o.getStrideW());
      dilation(options, o.getDilationHFactor(), o.getDilationWFactor());
      activation(options, o.getFusedActivationFunction());
    } else if (value instanceof DepthwiseConv2DOptionsT o) {
      padding(options, o.getPadding());
      stride(options, o.getStrideH(), o.getStrideW());
      dilation(options, o.getDilationHFactor(), o.getDilationWFactor());
      options.put("depth_multiplier", String.valueOf(o.getDepthMultiplier()));
      activation(options, o.getFusedActivationFunction());
    } else if (value instanceof Pool2DOptionsT o) {
      padding(options, o.getPadding());
      stride(options, o.getStrideH(), o.getStrideW());
      options.put("filter", o.getFilterHeight() + "x" + o.getFilterWidth());
      activation(options, o.getFusedActivationFunction());
    } else if (value instanceof TransposeConvOptionsT o) {
      padding(options, o.getPadding());
      stride(options, o.getStrideH(), o.getStrideW());
      activation(options, o.getFusedActivationFunction());
    } else if (value instanceof FullyConnectedOptionsT o) {
      activation(options, o.getFusedActivationFunction());
      if (o.getWeightsFormat() != FullyConnectedOptionsWeightsFormat.DEFAULT) {
        options.put(
            "weights_format", name(FullyConnectedOptionsWeightsFormat.names, o.getWeightsFormat()));
      }
      if (o.getKeepNumDims()) {
        options.put("keep_num_dims", "true");
      }
      options.put("asymmetric_quantize_inputs", String.valueOf(o.getAsymmetricQuantizeInputs()));
    } else if (value instanceof UnidirectionalSequenceLSTMOptionsT o) {
      activation(options, o.getFusedActivationFunction());
      if (o.getCellClip() != 0f) {
        options.put("cell_clip", String.format(Locale.ROOT, "%g", o.getCellClip()));
      }
      if (o.getProjClip() != 0f) {
        options.put("proj_clip", String.format(Locale.ROOT, "%g", o.getProjClip()));
      }
      options.put("time_major", String.valueOf(o.getTimeMajor()));
      options.put("asymmetric_quantize_inputs", String.valueOf(o.getAsymmetricQuantizeInputs()));
    } else if (value instanceof AddOptionsT o) {
      activation(options, o.getFusedActivationFunction());
    } else if (value instanceof MulOptionsT o) {
      activation(options, o.getFusedActivationFunction());
    } else if (value instanceof SubOptionsT o) {
      activation(options, o.getFusedActivationFunction());
    } else if (value instanceof DivOptionsT o) {
      activation(options, o.getFusedActivationFunction());
    } else if (value instanceof ConcatenationOptionsT o) {
      options.put("axis", String.valueOf(o.getAxis()));
      activation(options, o.getFusedActivationFunction());
    } else if (value instanceof SoftmaxOptionsT o) {
      if (o.getBeta() != 1f) {
        options.put("beta", String.format(Locale.ROOT, "%g", o.getBeta()));
      }
    } else if (value instanceof PackOptionsT o) {
      options.put("values_count", String.valueOf(o.getValuesCount()));
      options.put("axis", String.valueOf(o.getAxis()));
    } else if (value instanceof ReducerOptionsT o) {
      options.put("keep_dims", String.valueOf(o.getKeepDims()));
    }
    return options;
  }

  private static void padding(Map<String, String> options, byte padding) {
    options.put("padding", name(Padding.names, padding));
  }

  private static void stride(Map<String, String> options, int height, int width) {
    options.put("stride", height + "x" + width);
  }

  private static void dilation(Map<String, String> options, int height, int width) {
    if (height != 1 || width != 1) {
      options.put("dilation", height + "x" + width);
    }
  }

  private static void activation(Map<String, String> options, byte activation) {
    if (activation != ActivationFunctionType.NONE) {
      options.put("fused_activation_function", name(ActivationFunctionType.names, activation));
    }
  }

  private static String name(String[] names, byte value) {
    return value >= 0 && value < names.length ? names[value] : "invalid (" + value + ")";
  }
}
