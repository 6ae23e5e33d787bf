package io.github.modelbudget.training.model;

/** Model descriptions worth having at hand. */
public final class Architectures {

  private Architectures() {}

  /**
   * Returns the seed experiment's binary CNN for 28×28 images: Reshape(28, 28, 1), Conv2D(12, 3×3,
   * relu), MaxPool2D(2×2), Conv2D(24, 3×3, relu), MaxPool2D(2×2), Flatten, Dense(1, sigmoid).
   *
   * @param name the model's name
   * @return the description
   */
  public static SequentialModel seedCnn(String name) {
    return SequentialModel.builder(name, 28, 28)
        .reshape(28, 28, 1)
        .conv2d(12, 3, Activation.RELU)
        .maxPool2d(2)
        .conv2d(24, 3, Activation.RELU)
        .maxPool2d(2)
        .flatten()
        .dense(1, Activation.SIGMOID)
        .build();
  }
}
