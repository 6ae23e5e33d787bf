/**
 * A model family: a baseline and its variants, found from a folder, a classpath location or a list
 * of files, evaluated once each on a dataset, compared with the baseline, checked against budgets
 * and written as one run record. The command line, the JUnit extension and the reports are thin
 * callers of this package.
 */
package io.github.modelbudget.harness.family;
