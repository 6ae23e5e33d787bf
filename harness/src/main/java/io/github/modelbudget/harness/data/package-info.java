/**
 * Datasets and their loaders: {@link io.github.modelbudget.harness.data.Dataset} holds labelled
 * samples in memory; {@link io.github.modelbudget.harness.data.Datasets} loads one from a file or
 * from one file per class.
 *
 * <p>The readers behind it can be used on their own: {@link
 * io.github.modelbudget.harness.data.NpyReader} and {@link
 * io.github.modelbudget.harness.data.NpzReader} (NumPy), {@link
 * io.github.modelbudget.harness.data.IdxReader} (MNIST), {@link
 * io.github.modelbudget.harness.data.QuickDrawBitmapReader}, {@link
 * io.github.modelbudget.harness.data.QuickDrawStrokeReader} with {@link
 * io.github.modelbudget.harness.data.StrokeRenderer}, and {@link
 * io.github.modelbudget.harness.data.QuickDrawJsReader} (Quick, Draw!). Every problem with a file
 * is an {@link io.github.modelbudget.harness.data.InvalidDataException} naming the file.
 */
package io.github.modelbudget.harness.data;
