package io.github.modelbudget.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The items no other item beats on both counts: a cost to minimise (a model's ZIP size) and a
 * benefit to maximise (its accuracy). An item is dominated when another costs no more and gives no
 * less, and is strictly better in one of the two.
 */
final class ParetoFront {

  private ParetoFront() {}

  /**
   * Finds the items on the front.
   *
   * @param items the items
   * @param cost what to minimise; items with a non-finite cost are never on the front
   * @param benefit what to maximise; items with a non-finite benefit are never on the front
   * @param <T> the items' type
   * @return the non-dominated items, cheapest first (ties by higher benefit, then input order)
   */
  static <T> List<T> of(List<T> items, ToDoubleFunction<T> cost, ToDoubleFunction<T> benefit) {
    List<T> front = new ArrayList<>();
    for (T candidate : items) {
      double c = cost.applyAsDouble(candidate);
      double b = benefit.applyAsDouble(candidate);
      if (!Double.isFinite(c) || !Double.isFinite(b)) {
        continue;
      }
      boolean dominated = false;
      for (T other : items) {
        double oc = cost.applyAsDouble(other);
        double ob = benefit.applyAsDouble(other);
        if (oc <= c && ob >= b && (oc < c || ob > b)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        front.add(candidate);
      }
    }
    front.sort(
        Comparator.<T>comparingDouble(cost::applyAsDouble)
            .thenComparing(Comparator.<T>comparingDouble(benefit::applyAsDouble).reversed()));
    return List.copyOf(front);
  }
}
