package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Task;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.TensorInfo;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.runtime.SessionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs a classifier over a dataset in batches on several threads and measures it.
 *
 * <p>Each worker thread opens its own {@link Session} from one {@link LoadedModel}, resizes the
 * batch dimension, and takes the next batch until none is left; the last batch may be smaller (one
 * worker runs on the calling thread). Features are read a batch at a time, so a dataset mapped from
 * its file ({@link io.github.modelbudget.harness.data.FeatureStorage}) is never held in memory, and
 * the raw outputs go where {@link OutputStorage} says (a temporary mapped file when large). A model
 * whose batch is fixed (its input's shape signature has no -1, or it has none) runs at its own
 * batch instead, whatever {@link #batchSize()} says, with the last batch padded. Outputs of shape
 * {@code [N, 1]} are sigmoid probabilities (class 1 when {@code p >= threshold}); outputs of shape
 * {@code [N, C]} are softmax probabilities (the arg max wins). Whether the model outputs
 * probabilities or logits is stated with {@link #withActivation} or, with {@link
 * OutputActivation#AUTO}, inferred from the operator that produces the output (see {@link
 * OutputActivation#inferredFrom}); logits go through a sigmoid or softmax first.
 *
 * <p>A {@linkplain Task#REGRESSION regression} dataset's model outputs are its predicted values,
 * read as they are (no activation, no threshold): its output width must equal the dataset's targets
 * per sample, and the result carries {@link RegressionMetrics}. A classification dataset whose
 * labels were whole numbers stored as floats (see {@link Task}) is evaluated as regression when the
 * model's output cannot score its classes.
 *
 * <p>A model with variable tensors (the state of a converted {@code LSTM}, say) has them reset
 * before every invocation, so that no sample sees another's state and results do not depend on the
 * sample order.
 *
 * <p>The dataset is checked against the model before anything runs: its sample shape must equal the
 * model's input shape without the batch dimension, and every label must be a class the model
 * scores. The model's output width is the class count (2 for a sigmoid), however few of its classes
 * the labels use; class names, if the dataset has them, must name exactly that many.
 *
 * <p>An evaluator is immutable and thread-safe; configure it with the {@code with…} methods:
 *
 * <pre>{@code
 * EvaluationResult result =
 *     Evaluator.defaults().withThreads(2).withBatchSize(256).evaluate(model, testSet);
 * }</pre>
 *
 * @param backend the runtime that loads models given as {@link TfliteModel}
 * @param threads the number of worker threads, each with its own session, at least 1
 * @param interpreterThreads the threads each session's interpreter may use, at least 1
 * @param batchSize the largest batch, at least 1
 * @param threshold the decision threshold of one-wide (sigmoid) outputs, in [0, 1]
 * @param xnnpack whether sessions apply the XNNPACK delegate
 * @param activation how to read the outputs
 * @param outputStorage where the raw outputs are kept while the result lives
 */
public record Evaluator(
    InferenceBackend backend,
    int threads,
    int interpreterThreads,
    int batchSize,
    double threshold,
    boolean xnnpack,
    OutputActivation activation,
    OutputStorage outputStorage) {

  /** Validates. */
  public Evaluator {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(outputStorage, "outputStorage");
    if (threads < 1 || interpreterThreads < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "threads, interpreterThreads and batchSize must be at least 1 but were "
              + threads
              + ", "
              + interpreterThreads
              + ", "
              + batchSize);
    }
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1] but was " + threshold);
    }
  }

  /**
   * Returns the defaults: the TFLite backend, one worker, one interpreter thread, batches of 64,
   * threshold 0.5, XNNPACK on, outputs read automatically and kept where {@link OutputStorage#AUTO}
   * says.
   *
   * @return the default evaluator
   */
  public static Evaluator defaults() {
    return new Evaluator(
        InferenceBackend.tflite(), 1, 1, 64, 0.5, true, OutputActivation.AUTO, OutputStorage.AUTO);
  }

  /**
   * Returns a copy that runs models with another backend, e.g. an isolated one.
   *
   * @param backend the backend
   * @return the new evaluator
   */
  public Evaluator withBackend(InferenceBackend backend) {
    return new Evaluator(
        backend,
        threads,
        interpreterThreads,
        batchSize,
        threshold,
        xnnpack,
        activation,
        outputStorage);
  }

  /**
   * Returns a copy with another number of worker threads.
   *
   * @param threads the worker count, at least 1
   * @return the new evaluator
   */
  public Evaluator withThreads(int threads) {
    return new Evaluator(
        backend,
        threads,
        interpreterThreads,
        batchSize,
        threshold,
        xnnpack,
        activation,
        outputStorage);
  }

  /**
   * Returns a copy whose sessions' interpreters use another number of threads.
   *
   * @param interpreterThreads the interpreter thread count, at least 1
   * @return the new evaluator
   */
  public Evaluator withInterpreterThreads(int interpreterThreads) {
    return new Evaluator(
        backend,
        threads,
        interpreterThreads,
        batchSize,
        threshold,
        xnnpack,
        activation,
        outputStorage);
  }

  /**
   * Returns a copy with another batch size.
   *
   * @param batchSize the largest batch, at least 1
   * @return the new evaluator
   */
  public Evaluator withBatchSize(int batchSize) {
    return new Evaluator(
        backend,
        threads,
        interpreterThreads,
        batchSize,
        threshold,
        xnnpack,
        activation,
        outputStorage);
  }

  /**
   * Returns a copy with another sigmoid threshold.
   *
   * @param threshold the threshold in [0, 1]
   * @return the new evaluator
   */
  public Evaluator withThreshold(double threshold) {
    return new Evaluator(
        backend,
        threads,
        interpreterThreads,
        batchSize,
        threshold,
        xnnpack,
        activation,
        outputStorage);
  }

  /**
   * Returns a copy with XNNPACK on or off.
   *
   * @param xnnpack whether to apply XNNPACK
   * @return the new evaluator
   */
  public Evaluator withXnnpack(boolean xnnpack) {
    return new Evaluator(
        backend,
        threads,
        interpreterThreads,
        batchSize,
        threshold,
        xnnpack,
        activation,
        outputStorage);
  }

  /**
   * Returns a copy that reads outputs as given.
   *
   * @param activation probabilities, logits, or {@link OutputActivation#AUTO} to infer it from the
   *     graph
   * @return the new evaluator
   */
  public Evaluator withActivation(OutputActivation activation) {
    return new Evaluator(
        backend,
        threads,
        interpreterThreads,
        batchSize,
        threshold,
        xnnpack,
        activation,
        outputStorage);
  }

  /**
   * Returns a copy that keeps the raw outputs as given.
   *
   * @param outputStorage on the heap, mapped, or {@link OutputStorage#AUTO}
   * @return the new evaluator
   */
  public Evaluator withOutputStorage(OutputStorage outputStorage) {
    return new Evaluator(
        backend,
        threads,
        interpreterThreads,
        batchSize,
        threshold,
        xnnpack,
        activation,
        outputStorage);
  }

  /**
   * Returns the session options each worker opens its session with.
   *
   * @return interpreter threads and XNNPACK
   */
  public SessionOptions sessionOptions() {
    return new SessionOptions(interpreterThreads, xnnpack);
  }

  /**
   * Loads a model, evaluates it and releases it.
   *
   * @param model the classifier
   * @param dataset the labelled samples
   * @return the result
   * @throws DatasetMismatchException if the dataset does not fit the model
   * @throws io.github.modelbudget.harness.runtime.ModelRuntimeException if the runtime fails
   */
  public EvaluationResult evaluate(TfliteModel model, Dataset dataset) {
    return evaluate(model, dataset, done -> {});
  }

  /**
   * Loads a model, evaluates it and releases it, telling {@code progress} how many samples are done
   * after each batch (from the worker threads).
   *
   * @param model the classifier
   * @param dataset the labelled samples
   * @param progress told the number of samples evaluated so far
   * @return the result
   * @throws DatasetMismatchException if the dataset does not fit the model
   * @throws io.github.modelbudget.harness.runtime.ModelRuntimeException if the runtime fails
   */
  public EvaluationResult evaluate(TfliteModel model, Dataset dataset, IntConsumer progress) {
    ModelInfo info = model.inspect();
    Dataset resolved = resolveTask(info, dataset);
    int width = checkFits(info, model, resolved);
    try (LoadedModel loaded = backend.load(model)) {
      return run(loaded, resolved, info, width, progress);
    }
  }

  /**
   * Evaluates a loaded model; the caller keeps ownership of it.
   *
   * @param loaded the classifier, loaded
   * @param dataset the labelled samples
   * @return the result
   * @throws DatasetMismatchException if the dataset does not fit the model
   * @throws io.github.modelbudget.harness.runtime.ModelRuntimeException if the runtime fails
   */
  public EvaluationResult evaluate(LoadedModel loaded, Dataset dataset) {
    TfliteModel model = loaded.model();
    ModelInfo info = model.inspect();
    Dataset resolved = resolveTask(info, dataset);
    return run(loaded, resolved, info, checkFits(info, model, resolved), done -> {});
  }

  /**
   * Reads a classification dataset that keeps float targets (whole-number labels stored as floats)
   * as regression when the model's output cannot score its classes; any other dataset as it is.
   */
  private static Dataset resolveTask(ModelInfo info, Dataset dataset) {
    if (dataset.task() != Task.CLASSIFICATION
        || !dataset.hasTargets()
        || info.outputs().size() != 1) {
      return dataset;
    }
    List<Integer> shape = info.outputs().get(0).shape();
    if (shape.isEmpty() || shape.size() > 2) {
      return dataset;
    }
    int width = shape.size() == 1 ? 1 : shape.get(1);
    return scoresClasses(width, dataset.classCount())
        ? dataset.withTask(Task.CLASSIFICATION)
        : dataset.withTask(Task.REGRESSION);
  }

  /** Whether an output of this width scores the labels: the model decides the class count. */
  private static boolean scoresClasses(int width, int classes) {
    return width == 1 ? classes <= 2 : classes <= width;
  }

  private EvaluationResult run(
      LoadedModel loaded, Dataset dataset, ModelInfo info, int width, IntConsumer progress) {
    TfliteModel model = loaded.model();
    int n = dataset.size();
    OutputStore outputs = OutputStore.allocate((long) n * width, outputStorage, model.origin());
    int fixedBatch = fixedBatch(info);
    List<Dataset.Batch> batches = dataset.batches(fixedBatch > 0 ? fixedBatch : batchSize);
    Work work =
        new Work(
            dataset,
            batches,
            new AtomicInteger(),
            outputs,
            width,
            // From the inspection already made: unpacking the schema again would copy every weight.
            !info.variableTensors().isEmpty(),
            fixedBatch,
            new AtomicInteger(),
            progress);
    int workers = Math.min(threads, batches.size());
    List<Session> sessions = new ArrayList<>(workers);
    // One worker runs on the calling thread: one thread fewer to start and hand batches to.
    ExecutorService pool =
        workers == 1 ? null : Executors.newFixedThreadPool(workers - 1, Evaluator::daemon);
    try {
      for (int w = 0; w < workers; w++) {
        Session session = loaded.openSession(sessionOptions());
        sessions.add(session);
        if (fixedBatch == 0) {
          session.resizeBatch(Math.min(batchSize, n));
        }
      }
      long start = System.nanoTime();
      if (pool == null) {
        work.runBatches(sessions.get(0));
      } else {
        List<Future<?>> running = new ArrayList<>(workers - 1);
        for (Session session : sessions.subList(1, workers)) {
          running.add(pool.submit(() -> work.runBatches(session)));
        }
        // Every worker is waited for before the sessions close, also when one failed (the
        // others stop at their next batch): a session must not close under a running invoke.
        Throwable failure = null;
        try {
          work.runBatches(sessions.get(0));
        } catch (RuntimeException | Error e) {
          failure = e;
        }
        for (Future<?> future : running) {
          try {
            await(future, model);
          } catch (RuntimeException | Error e) {
            failure = failure == null ? e : failure;
          }
        }
        if (failure instanceof Error error) {
          throw error;
        }
        if (failure != null) {
          throw (RuntimeException) failure;
        }
      }
      long elapsed = Math.max(1, System.nanoTime() - start);
      boolean regression = dataset.task() == Task.REGRESSION;
      EvaluationResult.Builder result =
          EvaluationResult.builder()
              .model(model.name(), model.sha256())
              .dataset(
                  dataset.name(),
                  dataset.sha256(),
                  regression ? List.of() : classNames(dataset, width),
                  dataset.labels())
              .outputs(
                  outputs,
                  width,
                  resolve(info),
                  activation == OutputActivation.AUTO
                      ? OutputActivation.Source.INFERRED
                      : OutputActivation.Source.STATED,
                  threshold)
              .samplesPerSecond(n * 1e9 / elapsed);
      if (regression) {
        result.targets(dataset.targets());
      }
      return result.build();
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
      sessions.forEach(Session::close);
    }
  }

  /**
   * Returns the batch a model must run at, or 0 if its batch dimension is dynamic. A converter
   * marks a dynamic batch with -1 in the input's shape signature; without one (a Keras LSTM, many
   * MobileNets, older converters that write no signature) the batch is part of the graph: a RESHAPE
   * to a constant shape or a variable state tensor of that batch fails at any other.
   */
  private static int fixedBatch(ModelInfo info) {
    TensorInfo input = info.inputs().get(0);
    List<Integer> signature =
        input.shapeSignature().isEmpty() ? input.shape() : input.shapeSignature();
    return signature.isEmpty() || signature.get(0) == -1 ? 0 : input.shape().get(0);
  }

  /**
   * One evaluation's batches, shared by the workers, which take the next batch until none is left.
   *
   * @param fixedBatch the model's own batch, or 0 if sessions are resized to each batch
   */
  private record Work(
      Dataset dataset,
      List<Dataset.Batch> batches,
      AtomicInteger next,
      OutputStore outputs,
      int width,
      boolean stateful,
      int fixedBatch,
      AtomicInteger done,
      IntConsumer progress) {

    void runBatches(Session session) {
      int sampleSize = dataset.sampleSize();
      int current = fixedBatch;
      try {
        for (int b = next.getAndIncrement(); b < batches.size(); b = next.getAndIncrement()) {
          Dataset.Batch batch = batches.get(b);
          if (fixedBatch == 0 && batch.size() != current) {
            session.resizeBatch(batch.size());
            current = batch.size();
          }
          // Straight from the dataset into the input tensor, without an array in between.
          session.writeInput(
              0,
              current * sampleSize,
              input -> {
                dataset.copyFeatures(batch.offset(), batch.offset() + batch.size(), input);
                // A short last batch of a fixed-batch model is padded with zeros; their outputs
                // are dropped (no sample sees another: the state is reset before every invocation).
                if (input.hasRemaining()) {
                  input.put(new float[input.remaining()]);
                }
              });
          if (stateful) {
            // Every batch holds new samples: none may see the state the previous batch left.
            session.resetVariableTensors();
          }
          session.invoke();
          float[] out = session.output(0);
          outputs.put((long) batch.offset() * width, out, 0, batch.size() * width);
          progress.accept(done.addAndGet(batch.size()));
        }
      } catch (RuntimeException e) {
        // Stop the other workers early: the evaluation has failed.
        next.set(batches.size());
        throw e;
      }
    }
  }

  private static void await(Future<?> future, TfliteModel model) {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelBudgetException(model.origin() + ": evaluation was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        // An OutOfMemoryError of a worker stays one, so that callers can say what to raise.
        throw error;
      }
      throw new ModelBudgetException(model.origin() + ": evaluation failed", e.getCause());
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "modelbudget-evaluator");
    thread.setDaemon(true);
    return thread;
  }

  /** Checks the dataset against the model's declared input and output and returns the width. */
  private static int checkFits(ModelInfo info, TfliteModel model, Dataset dataset) {
    if (info.inputs().size() != 1 || info.outputs().size() != 1) {
      throw new DatasetMismatchException(
          model.origin()
              + ": the evaluator needs a model with one input and one output but it has "
              + info.inputs().size()
              + " inputs and "
              + info.outputs().size()
              + " outputs");
    }
    TensorInfo input = info.inputs().get(0);
    List<Integer> modelSample =
        input.shape().subList(Math.min(1, input.shape().size()), input.shape().size());
    if (!modelSample.equals(dataset.sampleShape())) {
      throw new DatasetMismatchException(
          model.origin()
              + ": input '"
              + input.name()
              + "' expects samples of shape "
              + modelSample
              + " (model input "
              + shapeText(input)
              + ") but dataset '"
              + dataset.name()
              + "' has samples of shape "
              + dataset.sampleShape());
    }
    TensorInfo output = info.outputs().get(0);
    List<Integer> shape = output.shape();
    if (shape.size() < 1 || shape.size() > 2) {
      throw new DatasetMismatchException(
          model.origin()
              + ": output '"
              + output.name()
              + "' must have shape [N] or [N, classes] but it is "
              + shapeText(output));
    }
    int width = shape.size() == 1 ? 1 : shape.get(1);
    if (dataset.task() == Task.REGRESSION) {
      if (width != dataset.targetWidth()) {
        throw new DatasetMismatchException(
            model.origin()
                + ": output '"
                + output.name()
                + "' of shape "
                + shapeText(output)
                + " predicts "
                + width
                + (width == 1 ? " value" : " values")
                + " per sample but regression dataset '"
                + dataset.name()
                + "' has "
                + dataset.targetWidth()
                + (dataset.targetWidth() == 1 ? " target" : " targets")
                + " per sample");
      }
      return width;
    }
    if (width < 1) {
      throw new DatasetMismatchException(
          model.origin()
              + ": output '"
              + output.name()
              + "' of shape "
              + shapeText(output)
              + " scores no class: a classifier's output needs at least one value per sample");
    }
    // The model decides how many classes there are: labels may use only a few of them (a handful
    // of ImageNet classes for a 1001-way MobileNet), but none may lie beyond the output.
    int classes = Math.max(2, width);
    String scores =
        width == 1
            ? " is a binary (sigmoid) output for 2 classes (labels 0 and 1)"
            : " scores " + width + " classes (labels 0 to " + (width - 1) + ")";
    int named = dataset.classCount();
    boolean namesFit = !dataset.hasClassNames() || (width == 1 ? named <= 2 : named == width);
    if (!namesFit) {
      throw new DatasetMismatchException(
          model.origin()
              + ": output '"
              + output.name()
              + "' of shape "
              + shapeText(output)
              + scores
              + " but dataset '"
              + dataset.name()
              + "' names "
              + named
              + " classes "
              + dataset.classNames()
              + regressionHint(width));
    }
    for (int i = 0; i < dataset.size(); i++) {
      int label = dataset.label(i);
      if (label >= classes) {
        throw new DatasetMismatchException(
            model.origin()
                + ": dataset '"
                + dataset.name()
                + "' has label "
                + label
                + " (sample "
                + i
                + ") but output '"
                + output.name()
                + "' of shape "
                + shapeText(output)
                + scores
                + regressionHint(width));
      }
    }
    return width;
  }

  /** A one-wide output given more than two classes may be a regression model. */
  private static String regressionHint(int width) {
    return width == 1
        ? "; if the model predicts a value, evaluate it as regression (--task"
            + " regression, @EvaluationData(task = \"regression\"))"
        : "";
  }

  private static String shapeText(TensorInfo tensor) {
    List<Integer> signature = tensor.shapeSignature();
    return (signature.isEmpty() ? tensor.shape() : signature).toString();
  }

  private static List<String> classNames(Dataset dataset, int width) {
    List<String> names = new ArrayList<>(dataset.classNames());
    while (names.size() < Math.max(2, width)) {
      names.add(Integer.toString(names.size()));
    }
    return names;
  }

  private OutputActivation resolve(ModelInfo info) {
    return activation == OutputActivation.AUTO
        ? OutputActivation.inferredFrom(info, 0)
        : activation;
  }
}
