package io.github.modelbudget.training.prune;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.github.modelbudget.optimizer.prune.ConstantSparsity;
import io.github.modelbudget.optimizer.prune.MaskUpdate;
import io.github.modelbudget.optimizer.prune.PolynomialDecay;
import io.github.modelbudget.training.train.LiveWeights;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MagnitudePruningHookTest {

  /** Weights held in memory, standing in for a graph between steps. */
  private static final class MemoryWeights implements LiveWeights {
    final Map<String, float[]> values = new LinkedHashMap<>();

    @Override
    public List<String> kernelNames() {
      return values.keySet().stream().filter(n -> n.endsWith("/kernel")).toList();
    }

    @Override
    public Map<String, float[]> read(Collection<String> names) {
      Map<String, float[]> copy = new LinkedHashMap<>();
      names.forEach(n -> copy.put(n, values.get(n).clone()));
      return copy;
    }

    @Override
    public void write(Map<String, float[]> updates) {
      updates.forEach((n, v) -> values.put(n, v.clone()));
    }
  }

  @Test
  void updateStep_masksKernelsByMagnitude_leavesBiasesAlone() {
    MemoryWeights weights = new MemoryWeights();
    weights.values.put("dense/kernel", new float[] {0.1f, -0.9f, 0.3f, -0.2f});
    weights.values.put("dense/bias", new float[] {0.01f, -0.02f});
    MagnitudePruningHook hook = new MagnitudePruningHook(new ConstantSparsity(0.5, 0, -1, 10));

    hook.beforeStep(0, weights);

    assertThat(weights.values.get("dense/kernel"), equalTo(new float[] {0f, -0.9f, 0.3f, 0f}));
    assertThat(weights.values.get("dense/bias"), equalTo(new float[] {0.01f, -0.02f}));
    assertThat(hook.updates().get(0).sparsityByKernel(), equalTo(Map.of("dense/kernel", 0.5)));
  }

  @Test
  void everyStep_reappliesTheMask_afterTheOptimizerMovedPrunedWeights() {
    MemoryWeights weights = new MemoryWeights();
    weights.values.put("dense/kernel", new float[] {0.1f, -0.9f, 0.3f, -0.2f});
    MagnitudePruningHook hook = new MagnitudePruningHook(new ConstantSparsity(0.5, 0, -1, 10));
    hook.beforeStep(0, weights);
    // The optimizer step moves every weight, pruned ones included.
    weights.values.put("dense/kernel", new float[] {0.05f, -0.8f, 0.4f, 0.7f});

    hook.afterStep(0, weights);

    assertThat(weights.values.get("dense/kernel"), equalTo(new float[] {0f, -0.8f, 0.4f, 0f}));
  }

  @Test
  void nonUpdateSteps_keepTheMask_evenIfMagnitudesChange() {
    MemoryWeights weights = new MemoryWeights();
    weights.values.put("dense/kernel", new float[] {0.1f, -0.9f, 0.3f, -0.2f});
    MagnitudePruningHook hook = new MagnitudePruningHook(new ConstantSparsity(0.5, 0, -1, 10));
    hook.beforeStep(0, weights);
    weights.values.put("dense/kernel", new float[] {0f, 0.01f, 0.02f, 0f});

    hook.beforeStep(1, weights);
    hook.afterStep(1, weights);

    assertThat(weights.values.get("dense/kernel"), equalTo(new float[] {0f, 0.01f, 0.02f, 0f}));
    assertThat(hook.updates().stream().map(MaskUpdate::step).toList(), contains(0L));
  }

  @Test
  void beforeBeginStep_nothingIsPruned() {
    MemoryWeights weights = new MemoryWeights();
    weights.values.put("dense/kernel", new float[] {0.1f, -0.9f});
    MagnitudePruningHook hook = new MagnitudePruningHook(PolynomialDecay.of(0.5, 0.8, 5, 10));

    hook.beforeStep(0, weights);
    hook.afterStep(0, weights);

    assertThat(weights.values.get("dense/kernel"), equalTo(new float[] {0.1f, -0.9f}));
    assertThat(hook.updates().isEmpty(), equalTo(true));
  }
}
