package io.github.modelbudget.harness.runtime;

import io.github.modelbudget.harness.format.TfliteModel;

/**
 * A model loaded into a backend, from which sessions are opened cheaply.
 *
 * <p>A loaded model is thread-safe: any thread may open sessions. Closing it closes the sessions
 * still open on it.
 */
public interface LoadedModel extends AutoCloseable {

  /**
   * Returns the model.
   *
   * @return the model, never {@code null}
   */
  TfliteModel model();

  /**
   * Opens a session with the given options.
   *
   * @param options threads and delegates
   * @return a new session, owned by the caller
   * @throws ModelRuntimeException if the runtime cannot build an interpreter for the model
   */
  Session openSession(SessionOptions options);

  /**
   * Opens a session with {@link SessionOptions#defaults()}.
   *
   * @return a new session, owned by the caller
   */
  default Session openSession() {
    return openSession(SessionOptions.defaults());
  }

  /** Closes open sessions and releases the model's native memory. Closing twice does nothing. */
  @Override
  void close();
}
