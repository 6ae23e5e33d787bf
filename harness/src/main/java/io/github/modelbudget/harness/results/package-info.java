/**
 * The run record: the versioned JSON file ({@link io.github.modelbudget.harness.results.RunRecord})
 * in which the JUnit extension and the CLI store what they measured and from which reports are
 * built, with its writer, reader and merger ({@link
 * io.github.modelbudget.harness.results.RunRecords}).
 */
package io.github.modelbudget.harness.results;
