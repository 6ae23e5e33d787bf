/**
 * JMH benchmarks: the seed CNN's variants in the runtime ({@link
 * io.github.modelbudget.benchmarks.VariantLatencyBenchmark}) and the harness itself ({@link
 * io.github.modelbudget.benchmarks.EvaluatorBenchmark}, {@link
 * io.github.modelbudget.benchmarks.ReportGenerationBenchmark}, {@link
 * io.github.modelbudget.benchmarks.RunRecordWriteBenchmark}).
 */
package io.github.modelbudget.benchmarks;
