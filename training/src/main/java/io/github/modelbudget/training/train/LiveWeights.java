package io.github.modelbudget.training.train;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The weights of a model being trained, read and written between optimizer steps. */
public interface LiveWeights {

  /**
   * Returns the names of the kernels (conv and dense), in layer order.
   *
   * @return e.g. {@code [conv2d/kernel, conv2d_1/kernel, dense/kernel]}
   */
  List<String> kernelNames();

  /**
   * Reads the current values of some weights.
   *
   * @param names the weights' names
   * @return the values by name, row-major in TensorFlow's layout
   */
  Map<String, float[]> read(Collection<String> names);

  /**
   * Overwrites some weights.
   *
   * @param values the new values by name, each as many as the weight has
   */
  void write(Map<String, float[]> values);
}
