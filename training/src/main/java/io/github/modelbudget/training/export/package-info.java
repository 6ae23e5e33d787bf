/** Writes trained models as float {@code .tflite} files through the harness's model builder. */
package io.github.modelbudget.training.export;
