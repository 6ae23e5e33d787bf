package io.github.modelbudget.junit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * Computes each key's value once, however many threads ask at the same time; a failure is kept and
 * rethrown to every later caller, so a broken model fails every test that uses it the same way.
 */
final class Memo<K, V> {

  private final ConcurrentMap<K, FutureTask<V>> values = new ConcurrentHashMap<>();
  private final Function<K, V> compute;

  Memo(Function<K, V> compute) {
    this.compute = compute;
  }

  V get(K key) {
    return get(key, () -> {});
  }

  /** Returns the key's value; {@code onComputedHere} runs if this call computed it successfully. */
  V get(K key, Runnable onComputedHere) {
    FutureTask<V> task = values.get(key);
    boolean computedHere = false;
    if (task == null) {
      FutureTask<V> created = new FutureTask<>(() -> compute.apply(key));
      task = values.putIfAbsent(key, created);
      if (task == null) {
        task = created;
        created.run();
        computedHere = true;
      }
    }
    try {
      V value = task.get();
      if (computedHere) {
        onComputedHere.run();
      }
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + key, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  int size() {
    return values.size();
  }
}
