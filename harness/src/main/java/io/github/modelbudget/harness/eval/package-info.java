/**
 * Evaluation of classifiers in the real runtime: the {@link
 * io.github.modelbudget.harness.eval.Evaluator}, its {@link
 * io.github.modelbudget.harness.eval.EvaluationResult}, the paired {@link
 * io.github.modelbudget.harness.eval.Comparison} of a variant with its baseline, and the {@link
 * io.github.modelbudget.harness.eval.Statistics} behind them.
 */
package io.github.modelbudget.harness.eval;
