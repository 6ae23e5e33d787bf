package io.github.modelbudget.training.train;

/**
 * How to train: Adam's learning rate, batch size, epochs, the validation split, the seed and the
 * number of TensorFlow threads.
 *
 * <p>The seed drives every random choice, all made in Java: Glorot-uniform kernel initialisation
 * (biases start at zero, as in Keras), the order of training samples in each epoch and dropout
 * masks. The same seed, data and configuration give bit-identical weights: the optimizer's ops are
 * ordered explicitly (see {@link Trainer}), and repeated runs of the seed's CNN matched bit for bit
 * with one and with two threads, oneDNN on (TensorFlow's default). TensorFlow does not promise this
 * for every kernel with more than one thread (a reduction may be split differently from run to
 * run), so {@code threads == 1}, the default, is the safe choice when weights must repeat exactly.
 *
 * @param learningRate Adam's learning rate, positive
 * @param batchSize samples per optimizer step, at least 1
 * @param epochs passes over the training part, at least 1
 * @param validationSplit the share of samples held out for validation, taken from the end of the
 *     dataset as Keras does, in [0, 1)
 * @param seed the seed of every random choice
 * @param threads TensorFlow's intra- and inter-op threads, at least 1
 */
public record TrainingConfig(
    double learningRate,
    int batchSize,
    int epochs,
    double validationSplit,
    long seed,
    int threads) {

  /** Validates the arguments. */
  public TrainingConfig {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate must be positive and finite but was " + learningRate);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1 but was " + batchSize);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1 but was " + epochs);
    }
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw new IllegalArgumentException(
          "validationSplit must be in [0, 1) but was " + validationSplit);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1 but was " + threads);
    }
  }

  /**
   * Returns Keras's defaults: learning rate 0.001, batch 32, 1 epoch, no validation, seed 0, one
   * thread.
   *
   * @return the defaults
   */
  public static TrainingConfig defaults() {
    return new TrainingConfig(0.001, 32, 1, 0, 0, 1);
  }

  /**
   * Returns this configuration with another learning rate.
   *
   * @param value the learning rate
   * @return the new configuration
   */
  public TrainingConfig withLearningRate(double value) {
    return new TrainingConfig(value, batchSize, epochs, validationSplit, seed, threads);
  }

  /**
   * Returns this configuration with another batch size.
   *
   * @param value the batch size
   * @return the new configuration
   */
  public TrainingConfig withBatchSize(int value) {
    return new TrainingConfig(learningRate, value, epochs, validationSplit, seed, threads);
  }

  /**
   * Returns this configuration with another number of epochs.
   *
   * @param value the epochs
   * @return the new configuration
   */
  public TrainingConfig withEpochs(int value) {
    return new TrainingConfig(learningRate, batchSize, value, validationSplit, seed, threads);
  }

  /**
   * Returns this configuration with another validation split.
   *
   * @param value the share held out
   * @return the new configuration
   */
  public TrainingConfig withValidationSplit(double value) {
    return new TrainingConfig(learningRate, batchSize, epochs, value, seed, threads);
  }

  /**
   * Returns this configuration with another seed.
   *
   * @param value the seed
   * @return the new configuration
   */
  public TrainingConfig withSeed(long value) {
    return new TrainingConfig(learningRate, batchSize, epochs, validationSplit, value, threads);
  }

  /**
   * Returns this configuration with another thread count.
   *
   * @param value the threads
   * @return the new configuration
   */
  public TrainingConfig withThreads(int value) {
    return new TrainingConfig(learningRate, batchSize, epochs, validationSplit, seed, value);
  }

  /**
   * Returns how many samples go to training, as Keras splits: the first {@code floor(size × (1 -
   * validationSplit))}.
   *
   * @param size the dataset's size
   * @return the training part's size
   */
  public int trainingSize(int size) {
    return (int) Math.floor(size * (1 - validationSplit));
  }

  /**
   * Returns the optimizer steps of one epoch over a dataset: {@code ceil(trainingSize / batch)}.
   *
   * @param size the dataset's size
   * @return the steps per epoch
   */
  public int stepsPerEpoch(int size) {
    return (trainingSize(size) + batchSize - 1) / batchSize;
  }
}
