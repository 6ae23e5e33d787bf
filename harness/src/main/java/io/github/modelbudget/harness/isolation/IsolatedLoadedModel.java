package io.github.modelbudget.harness.isolation;

import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.runtime.SessionOptions;
import io.github.modelbudget.harness.runtime.TensorSpec;
import java.util.List;
import java.util.Objects;

/** A model loaded in a child JVM; closing it ends the child. */
final class IsolatedLoadedModel implements LoadedModel {

  private final TfliteModel model;
  private final ChildRuntime child;

  IsolatedLoadedModel(TfliteModel model, ChildRuntime child) {
    this.model = model;
    this.child = child;
  }

  @Override
  public TfliteModel model() {
    return model;
  }

  @Override
  public Session openSession(SessionOptions options) {
    Objects.requireNonNull(options, "options");
    return child.call(
        "openSession",
        Protocol.OPEN_SESSION,
        out -> {
          out.writeInt(options.threads());
          out.writeBoolean(options.xnnpack());
        },
        in -> {
          int id = in.readInt();
          List<TensorSpec> inputs = Protocol.readSpecs(in);
          List<TensorSpec> outputs = Protocol.readSpecs(in);
          return new IsolatedSession(child, id, options, inputs, outputs);
        });
  }

  @Override
  public void close() {
    child.close();
  }
}
