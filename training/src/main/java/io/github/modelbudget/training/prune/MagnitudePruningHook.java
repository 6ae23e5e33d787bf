package io.github.modelbudget.training.prune;

import io.github.modelbudget.optimizer.prune.MagnitudeMask;
import io.github.modelbudget.optimizer.prune.MaskUpdate;
import io.github.modelbudget.optimizer.prune.PruningSchedule;
import io.github.modelbudget.training.train.LiveWeights;
import io.github.modelbudget.training.train.TrainingHook;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Prunes kernels during training with tfmot's semantics: before a step on which the schedule
 * updates masks, each kernel's mask is recomputed from its current weights by {@link MagnitudeMask}
 * and applied; after every step the current masks are applied again, so pruned weights stay exactly
 * zero whatever the optimizer does. Biases are never pruned.
 *
 * <p>Not thread-safe: one hook serves one training run.
 */
public final class MagnitudePruningHook implements TrainingHook {

  private final PruningSchedule schedule;
  private final Map<String, float[]> masks = new LinkedHashMap<>();
  private final List<MaskUpdate> updates = new ArrayList<>();

  /**
   * Creates a hook that follows a schedule.
   *
   * @param schedule when to update masks and to which sparsity
   */
  public MagnitudePruningHook(PruningSchedule schedule) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
  }

  @Override
  public void beforeStep(long step, LiveWeights weights) {
    PruningSchedule.Decision decision = schedule.at(step);
    if (!decision.updateMasks()) {
      return;
    }
    Map<String, float[]> kernels = weights.read(weights.kernelNames());
    Map<String, Double> achieved = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> kernel : kernels.entrySet()) {
      float[] mask = MagnitudeMask.of(kernel.getValue(), decision.sparsity());
      masks.put(kernel.getKey(), mask);
      achieved.put(kernel.getKey(), zeroShare(mask));
    }
    updates.add(new MaskUpdate(step, decision.sparsity(), achieved));
    weights.write(masked(kernels));
  }

  @Override
  public void afterStep(long step, LiveWeights weights) {
    if (!masks.isEmpty()) {
      weights.write(masked(weights.read(masks.keySet())));
    }
  }

  /**
   * Returns every mask update so far, in order.
   *
   * @return the updates
   */
  public List<MaskUpdate> updates() {
    return List.copyOf(updates);
  }

  /**
   * Returns the current masks: 1 where a weight is kept, 0 where it is pruned.
   *
   * @return copies of the masks by kernel name; empty before the first update
   */
  public Map<String, float[]> masks() {
    Map<String, float[]> copy = new LinkedHashMap<>();
    masks.forEach((name, mask) -> copy.put(name, mask.clone()));
    return copy;
  }

  /**
   * Multiplies weights by the current masks.
   *
   * @param kernels kernel values by name; names without a mask pass through unchanged
   * @return new arrays with pruned weights set to exactly zero
   */
  Map<String, float[]> masked(Map<String, float[]> kernels) {
    Map<String, float[]> result = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> kernel : kernels.entrySet()) {
      float[] values = kernel.getValue().clone();
      float[] mask = masks.get(kernel.getKey());
      if (mask != null) {
        for (int i = 0; i < values.length; i++) {
          if (mask[i] == 0f) {
            values[i] = 0f;
          }
        }
      }
      result.put(kernel.getKey(), values);
    }
    return result;
  }

  private static double zeroShare(float[] mask) {
    int zeros = 0;
    for (float m : mask) {
      if (m == 0f) {
        zeros++;
      }
    }
    return (double) zeros / mask.length;
  }
}
