/**
 * JMH benchmarks of the harness itself; see {@link
 * io.github.modelbudget.benchmarks.EvaluatorBenchmark}.
 */
package io.github.modelbudget.benchmarks;
