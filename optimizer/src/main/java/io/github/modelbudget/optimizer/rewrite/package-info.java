/**
 * Rewriting {@code .tflite} files through the official schema's object API: reading and replacing
 * constant buffers, and serialising without turning absent vectors into empty ones.
 */
package io.github.modelbudget.optimizer.rewrite;
