package io.github.modelbudget.harness.family;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Computes each key's value once, however many threads ask at the same time; a failure is kept and
 * rethrown to every later caller, so a broken model fails every test that uses it the same way.
 *
 * @param <K> the key
 * @param <V> the value
 */
public final class Memo<K, V> {

  private final ConcurrentMap<K, FutureTask<V>> values = new ConcurrentHashMap<>();
  private final Function<K, V> compute;

  /**
   * Creates an empty memo.
   *
   * @param compute computes a key's value; called at most once per key
   */
  public Memo(Function<K, V> compute) {
    this.compute = compute;
  }

  /** Creates an empty memo whose callers say how to compute each value. */
  public Memo() {
    this(
        key -> {
          throw new IllegalStateException("no computation given for " + key);
        });
  }

  /**
   * Returns the key's value, computing it in this thread if no thread has.
   *
   * @param key the key
   * @return the value
   */
  public V get(K key) {
    return get(key, () -> {});
  }

  /**
   * Returns the key's value; {@code onComputedHere} runs if this call computed it successfully.
   *
   * @param key the key
   * @param onComputedHere what to do once, in the thread that computed the value
   * @return the value
   */
  public V get(K key, Runnable onComputedHere) {
    return get(key, () -> compute.apply(key), onComputedHere);
  }

  /**
   * Returns the key's value, computing it with {@code computation} in this thread if no thread has;
   * the inputs of a computation need not be part of its key.
   *
   * @param key the key
   * @param computation computes the value, if this call is the first for the key
   * @param onComputedHere what to do once, in the thread that computed the value
   * @return the value
   */
  public V get(K key, Supplier<V> computation, Runnable onComputedHere) {
    FutureTask<V> task = values.get(key);
    boolean computedHere = false;
    if (task == null) {
      FutureTask<V> created = new FutureTask<>(computation::get);
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

  /**
   * Tells whether a key has been asked for (its value computed, being computed, or failed).
   *
   * @param key the key
   * @return {@code true} if {@link #get} was called for it
   */
  public boolean has(K key) {
    return values.containsKey(key);
  }

  /**
   * Returns how many keys have been asked for, computed or failed.
   *
   * @return the count
   */
  public int size() {
    return values.size();
  }
}
