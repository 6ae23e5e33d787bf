package io.github.modelbudget.training.train;

import io.github.modelbudget.harness.format.Padding;
import io.github.modelbudget.training.model.Activation;
import io.github.modelbudget.training.model.AveragePool2D;
import io.github.modelbudget.training.model.Conv2D;
import io.github.modelbudget.training.model.Dense;
import io.github.modelbudget.training.model.Dropout;
import io.github.modelbudget.training.model.Flatten;
import io.github.modelbudget.training.model.Layer;
import io.github.modelbudget.training.model.MaxPool2D;
import io.github.modelbudget.training.model.Reshape;
import io.github.modelbudget.training.model.SequentialModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A {@link SequentialModel} built into a TensorFlow graph with its own session: weight variables,
 * an inference path, and optionally a training path (dropout, cross-entropy, Adam).
 *
 * <p>Weights are plain variables written through placeholders, so their initial values come from
 * Java and the same values can be written again between steps (pruning masks).
 */
final class NetworkGraph implements AutoCloseable, LiveWeights {

  private static final double BETA_1 = 0.9;
  private static final double BETA_2 = 0.999;
  private static final double EPSILON = 1e-7;

  private final SequentialModel model;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final Operand<TFloat32> output;
  private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
  private final Map<String, Placeholder<TFloat32>> writeValues = new LinkedHashMap<>();
  private final Map<String, Op> writeOps = new LinkedHashMap<>();
  private final Map<String, List<Integer>> shapes = new LinkedHashMap<>();
  private final List<Placeholder<TFloat32>> dropoutMasks = new ArrayList<>();
  private final Optional<Training> training;
  private final List<Op> slotResets = new ArrayList<>();
  private Placeholder<TFloat32> beta1Power;
  private Placeholder<TFloat32> beta2Power;
  private long adamSteps;

  /** The ops of the training path. */
  private record Training(
      Placeholder<TFloat32> labels,
      Operand<TFloat32> trainLosses,
      Operand<TFloat32> trainOutput,
      Operand<TFloat32> evalLosses,
      Op step) {}

  private NetworkGraph(
      TrainedModel weights, Optional<ClassificationHead> head, double learningRate, int threads) {
    this.model = weights.model();
    this.graph = new Graph();
    Session opened = null;
    try {
      Ops tf = Ops.create(graph);
      input =
          tf.withName("input")
              .placeholder(TFloat32.class, Placeholder.shape(batchShape(model.inputShape())));
      for (WeightTensor weight : weights.weights()) {
        Shape shape = Shape.of(weight.shape().stream().mapToLong(Integer::longValue).toArray());
        String scope = weight.name().replace('/', '_');
        // An op name cannot hold the '/' that separates scopes: variables get flat names.
        Variable<TFloat32> variable = tf.withName(scope).variable(shape, TFloat32.class);
        Placeholder<TFloat32> value =
            tf.withName(scope + "_value").placeholder(TFloat32.class, Placeholder.shape(shape));
        variables.put(weight.name(), variable);
        writeValues.put(weight.name(), value);
        writeOps.put(weight.name(), tf.withName(scope + "_write").assign(variable, value));
        shapes.put(weight.name(), weight.shape());
      }
      Forward inference = forward(tf.withSubScope("inference"), input, false);
      output = inference.output();
      if (head.isPresent()) {
        Ops t = tf.withSubScope("training");
        Placeholder<TFloat32> labels =
            t.withName("labels")
                .placeholder(
                    TFloat32.class,
                    Placeholder.shape(
                        Shape.of(-1, head.get().binary() ? 1 : head.get().classCount())));
        Forward train = forward(t, input, true);
        Operand<TFloat32> trainLosses = losses(t, head.get(), train.logits(), labels);
        Operand<TFloat32> evalLosses = losses(t, head.get(), inference.logits(), labels);
        Operand<TFloat32> meanLoss = t.math.mean(trainLosses, t.constant(0));
        beta1Power =
            t.withName("beta1_power")
                .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta2Power =
            t.withName("beta2_power")
                .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Op step = adamStep(t, meanLoss, learningRate);
        training = Optional.of(new Training(labels, trainLosses, train.output(), evalLosses, step));
      } else {
        training = Optional.empty();
      }
      ConfigProto config =
          ConfigProto.newBuilder()
              .setIntraOpParallelismThreads(threads)
              .setInterOpParallelismThreads(threads)
              .build();
      opened = new Session(graph, config);
      session = opened;
      session.initialize();
      if (!slotResets.isEmpty()) {
        Session.Runner reset = session.runner();
        slotResets.forEach(reset::addTarget);
        reset.run().close();
      }
      write(toMap(weights));
    } catch (RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      graph.close();
      throw e;
    }
  }

  /**
   * Builds a graph for inference only.
   *
   * @param weights the model and its weights
   * @param threads TensorFlow's threads
   * @return the graph, owned by the caller
   */
  static NetworkGraph forInference(TrainedModel weights, int threads) {
    return new NetworkGraph(weights, Optional.empty(), 0, threads);
  }

  /**
   * Builds a graph for training from initial weights.
   *
   * @param weights the model and its initial weights
   * @param learningRate Adam's learning rate
   * @param threads TensorFlow's threads
   * @return the graph, owned by the caller
   */
  static NetworkGraph forTraining(TrainedModel weights, double learningRate, int threads) {
    return new NetworkGraph(
        weights, Optional.of(ClassificationHead.of(weights.model())), learningRate, threads);
  }

  /**
   * Builds one Adam step from {@code ApplyAdam}, the kernel TensorFlow's own Adam uses, with
   * Keras's defaults (β1 0.9, β2 0.999, ε 1e-7) and the bias-correction powers β1^t, β2^t fed from
   * Java.
   *
   * <p>Not {@code org.tensorflow.framework.optimizers.Adam#minimize}: in TensorFlow Java 1.1.0 its
   * {@code finish} assigns the β powers without ordering them after the {@code ApplyAdam} ops that
   * read them, so some steps saw the next step's powers at random and two runs with the same seed
   * ended with different weights. Every update also waits for every gradient, since backprop reads
   * the kernels the updates write.
   */
  private Op adamStep(Ops tf, Operand<TFloat32> loss, double learningRate) {
    List<Variable<TFloat32>> weights = List.copyOf(variables.values());
    Gradients gradients = tf.withSubScope("gradients").gradients(loss, weights);
    List<Op> computed = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      computed.add(tf.identity(gradients.<TFloat32>dy(i)));
    }
    Ops adam = tf.withSubScope("adam").withControlDependencies(computed);
    List<Op> updates = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, Variable<TFloat32>> weight : variables.entrySet()) {
      Shape shape = toShape(shapes.get(weight.getKey()));
      String slot = weight.getKey().replace('/', '_');
      Variable<TFloat32> m = tf.withName(slot + "_m").variable(shape, TFloat32.class);
      Variable<TFloat32> v = tf.withName(slot + "_v").variable(shape, TFloat32.class);
      slotResets.add(tf.assign(m, tf.zeros(tf.constant(shape), TFloat32.class)));
      slotResets.add(tf.assign(v, tf.zeros(tf.constant(shape), TFloat32.class)));
      updates.add(
          adam.train.applyAdam(
              weight.getValue(),
              m,
              v,
              beta1Power,
              beta2Power,
              adam.constant((float) learningRate),
              adam.constant((float) BETA_1),
              adam.constant((float) BETA_2),
              adam.constant((float) EPSILON),
              ((Identity<TFloat32>) computed.get(i++)).output()));
    }
    return tf.withControlDependencies(updates).withName("train_step").noOp();
  }

  private static Shape toShape(List<Integer> dims) {
    return Shape.of(dims.stream().mapToLong(Integer::longValue).toArray());
  }

  /** The pre-activation of the last layer and the output after it. */
  private record Forward(Operand<TFloat32> logits, Operand<TFloat32> output) {}

  private Forward forward(Ops tf, Operand<TFloat32> x, boolean train) {
    List<String> names = model.layerNames();
    Operand<TFloat32> logits = x;
    for (int i = 0; i < model.layers().size(); i++) {
      Layer layer = model.layers().get(i);
      Ops t = tf.withSubScope(names.get(i));
      String name = names.get(i);
      if (layer instanceof Reshape reshape) {
        x = t.reshape(x, t.constant(batchDims(reshape.targetShape())));
      } else if (layer instanceof Flatten) {
        x = t.reshape(x, t.constant(batchDims(model.layerOutputShapes().get(i))));
      } else if (layer instanceof Conv2D conv) {
        long s = conv.strides();
        Operand<TFloat32> z =
            t.nn.conv2d(
                x, variables.get(name + "/kernel"), List.of(1L, s, s, 1L), pad(conv.padding()));
        logits = t.nn.biasAdd(z, variables.get(name + "/bias"));
        x = activate(t, logits, conv.activation());
      } else if (layer instanceof Dense dense) {
        logits =
            t.nn.biasAdd(
                t.linalg.matMul(x, variables.get(name + "/kernel")), variables.get(name + "/bias"));
        x = activate(t, logits, dense.activation());
      } else if (layer instanceof MaxPool2D pool) {
        int k = pool.poolSize();
        int s = pool.strides();
        x =
            t.nn.maxPool(
                x,
                t.constant(new int[] {1, k, k, 1}),
                t.constant(new int[] {1, s, s, 1}),
                pad(pool.padding()));
      } else if (layer instanceof AveragePool2D pool) {
        long k = pool.poolSize();
        long s = pool.strides();
        x = t.nn.avgPool(x, List.of(1L, k, k, 1L), List.of(1L, s, s, 1L), pad(pool.padding()));
      } else if (layer instanceof Dropout) {
        if (train) {
          Placeholder<TFloat32> mask =
              t.withName("mask")
                  .placeholder(
                      TFloat32.class,
                      Placeholder.shape(batchShape(model.layerOutputShapes().get(i))));
          dropoutMasks.add(mask);
          x = t.math.mul(x, mask);
        }
      } else {
        throw new IllegalStateException("unknown layer " + layer);
      }
      if (!layer.hasWeights()) {
        logits = x;
      }
    }
    return new Forward(logits, x);
  }

  private static Operand<TFloat32> activate(Ops t, Operand<TFloat32> x, Activation activation) {
    return switch (activation) {
      case NONE -> x;
      case RELU -> t.nn.relu(x);
      case SIGMOID -> t.math.sigmoid(x);
      case SOFTMAX -> t.nn.softmax(x);
    };
  }

  /** Per-sample cross-entropy computed from logits, as {@code [batch]}. */
  private static Operand<TFloat32> losses(
      Ops t, ClassificationHead head, Operand<TFloat32> logits, Operand<TFloat32> labels) {
    if (head.binary()) {
      // max(z, 0) - z·y + log(1 + exp(-|z|)): binary cross-entropy of sigmoid(z), stable for any z.
      Operand<TFloat32> perSample =
          t.math.add(
              t.math.sub(t.nn.relu(logits), t.math.mul(logits, labels)),
              t.math.log1p(t.math.exp(t.math.neg(t.math.abs(logits)))));
      return t.reshape(perSample, t.constant(new int[] {-1}));
    }
    return t.nn.softmaxCrossEntropyWithLogits(logits, labels).loss();
  }

  private static String pad(Padding padding) {
    return padding == Padding.SAME ? "SAME" : "VALID";
  }

  private static Shape batchShape(List<Integer> sample) {
    long[] dims = new long[sample.size() + 1];
    dims[0] = -1;
    for (int i = 0; i < sample.size(); i++) {
      dims[i + 1] = sample.get(i);
    }
    return Shape.of(dims);
  }

  private static int[] batchDims(List<Integer> sample) {
    int[] dims = new int[sample.size() + 1];
    dims[0] = -1;
    for (int i = 0; i < sample.size(); i++) {
      dims[i + 1] = sample.get(i);
    }
    return dims;
  }

  /** Returns the number of dropout layers, each needing a mask per training step. */
  int dropoutCount() {
    return dropoutMasks.size();
  }

  /**
   * Runs one optimizer step.
   *
   * @param features {@code count} samples
   * @param labels {@code count × labelWidth} targets (0/1 or one-hot)
   * @param masks one dropout mask per dropout layer, {@code count × layer size} each
   * @param count the batch size
   * @return the per-sample losses and outputs, both measured before the step
   */
  Outputs trainStep(float[] features, float[] labels, List<float[]> masks, int count) {
    Training t = training.orElseThrow();
    List<TFloat32> tensors = new ArrayList<>();
    try {
      Session.Runner runner =
          session
              .runner()
              .feed(input, track(tensors, tensor(features, count, model.inputShape())))
              .feed(
                  t.labels(),
                  track(tensors, tensor(labels, count, List.of(labels.length / count))));
      for (int i = 0; i < masks.size(); i++) {
        float[] mask = masks.get(i);
        runner.feed(
            dropoutMasks.get(i), track(tensors, tensor(mask, count, List.of(mask.length / count))));
      }
      adamSteps++;
      runner
          .feed(beta1Power, track(tensors, TFloat32.scalarOf((float) Math.pow(BETA_1, adamSteps))))
          .feed(beta2Power, track(tensors, TFloat32.scalarOf((float) Math.pow(BETA_2, adamSteps))));
      runner.addTarget(t.step()).fetch(t.trainLosses()).fetch(t.trainOutput());
      try (Result result = runner.run()) {
        return new Outputs(floats(result, 0), floats(result, 1));
      }
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }

  /**
   * Runs the inference path and the loss on it.
   *
   * @param features {@code count} samples
   * @param labels {@code count × labelWidth} targets
   * @param count the batch size
   * @return the per-sample losses and outputs
   */
  Outputs evaluate(float[] features, float[] labels, int count) {
    Training t = training.orElseThrow();
    try (TFloat32 x = tensor(features, count, model.inputShape());
        TFloat32 y = tensor(labels, count, List.of(labels.length / count));
        Result result =
            session
                .runner()
                .feed(input, x)
                .feed(t.labels(), y)
                .fetch(t.evalLosses())
                .fetch(output)
                .run()) {
      return new Outputs(floats(result, 0), floats(result, 1));
    }
  }

  /**
   * Runs the inference path.
   *
   * @param features {@code count} samples
   * @param count the batch size
   * @return the outputs, row-major
   */
  float[] predict(float[] features, int count) {
    try (TFloat32 x = tensor(features, count, model.inputShape());
        Result result = session.runner().feed(input, x).fetch(output).run()) {
      return floats(result, 0);
    }
  }

  /** Per-sample losses and the model's outputs for one batch. */
  record Outputs(float[] losses, float[] outputs) {}

  @Override
  public List<String> kernelNames() {
    return variables.keySet().stream().filter(n -> n.endsWith("/kernel")).toList();
  }

  @Override
  public Map<String, float[]> read(Collection<String> names) {
    Session.Runner runner = session.runner();
    List<String> order = List.copyOf(names);
    for (String name : order) {
      runner.fetch(variable(name));
    }
    Map<String, float[]> values = new LinkedHashMap<>();
    try (Result result = runner.run()) {
      for (int i = 0; i < order.size(); i++) {
        values.put(order.get(i), floats(result, i));
      }
    }
    return values;
  }

  @Override
  public void write(Map<String, float[]> values) {
    Session.Runner runner = session.runner();
    List<TFloat32> tensors = new ArrayList<>();
    try {
      for (Map.Entry<String, float[]> entry : values.entrySet()) {
        variable(entry.getKey());
        List<Integer> shape = shapes.get(entry.getKey());
        Shape tfShape = Shape.of(shape.stream().mapToLong(Integer::longValue).toArray());
        if (tfShape.size() != entry.getValue().length) {
          throw new IllegalArgumentException(
              "weight '"
                  + entry.getKey()
                  + "' has "
                  + tfShape.size()
                  + " elements but "
                  + entry.getValue().length
                  + " values were given");
        }
        TFloat32 tensor =
            track(
                tensors, TFloat32.tensorOf(tfShape, DataBuffers.of(entry.getValue(), true, false)));
        runner
            .feed(writeValues.get(entry.getKey()), tensor)
            .addTarget(writeOps.get(entry.getKey()));
      }
      if (!values.isEmpty()) {
        runner.run().close();
      }
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }

  /**
   * Reads every weight back into a {@link TrainedModel}.
   *
   * @return the model with the graph's current weights
   */
  TrainedModel snapshot() {
    Map<String, float[]> values = read(variables.keySet());
    List<WeightTensor> weights = new ArrayList<>();
    values.forEach((name, v) -> weights.add(new WeightTensor(name, shapes.get(name), v)));
    return new TrainedModel(model, weights);
  }

  private Variable<TFloat32> variable(String name) {
    Variable<TFloat32> variable = variables.get(name);
    if (variable == null) {
      throw new IllegalArgumentException(
          "model '"
              + model.name()
              + "' has no weight '"
              + name
              + "'; it has "
              + variables.keySet());
    }
    return variable;
  }

  private static Map<String, float[]> toMap(TrainedModel weights) {
    Map<String, float[]> map = new LinkedHashMap<>();
    for (WeightTensor weight : weights.weights()) {
      map.put(weight.name(), weight.values());
    }
    return map;
  }

  private static TFloat32 track(List<TFloat32> tensors, TFloat32 tensor) {
    tensors.add(tensor);
    return tensor;
  }

  private static TFloat32 tensor(float[] values, int count, List<Integer> sample) {
    long[] dims = new long[sample.size() + 1];
    dims[0] = count;
    for (int i = 0; i < sample.size(); i++) {
      dims[i + 1] = sample.get(i);
    }
    return TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(values, true, false));
  }

  private static float[] floats(Result result, int index) {
    TFloat32 tensor = (TFloat32) result.get(index);
    float[] values = new float[Math.toIntExact(tensor.shape().size())];
    tensor.copyTo(DataBuffers.of(values, false, false));
    return values;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
