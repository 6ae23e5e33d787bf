package io.github.modelbudget.reports;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {

  record Model(String name, double size, double accuracy) {}

  private static List<String> front(Model... models) {
    return ParetoFront.of(List.of(models), Model::size, Model::accuracy).stream()
        .map(Model::name)
        .toList();
  }

  @Test
  void dominatedVariants_leftOut_frontSortedBySize() {
    List<String> front =
        front(
            new Model("baseline", 14_303, 0.985),
            new Model("quantized", 7_483, 0.985),
            new Model("pruned", 5_862, 0.984),
            new Model("pruned_quantized", 3_996, 0.984),
            new Model("worse", 9_000, 0.950));

    assertThat(front, contains("pruned_quantized", "quantized"));
  }

  @Test
  void tradeOffs_allOnFront() {
    List<String> front =
        front(
            new Model("big", 300, 0.99), new Model("mid", 200, 0.95), new Model("small", 100, 0.9));

    assertThat(front, contains("small", "mid", "big"));
  }

  @Test
  void identicalPoints_neitherDominates_bothKept() {
    assertThat(front(new Model("a", 100, 0.9), new Model("b", 100, 0.9)), contains("a", "b"));
  }

  @Test
  void sameSizeLowerAccuracy_dominated() {
    assertThat(front(new Model("a", 100, 0.9), new Model("b", 100, 0.8)), contains("a"));
  }

  @Test
  void nonFiniteValues_neverOnFront() {
    assertThat(
        front(new Model("nan", Double.NaN, 0.9), new Model("inf", 10, Double.POSITIVE_INFINITY)),
        empty());
  }
}
