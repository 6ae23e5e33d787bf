/**
 * Datasets and their loaders: {@link io.github.modelbudget.harness.data.Dataset} holds labelled
 * samples in memory; loaders read NumPy, IDX and Quick, Draw! files into it.
 */
package io.github.modelbudget.harness.data;
