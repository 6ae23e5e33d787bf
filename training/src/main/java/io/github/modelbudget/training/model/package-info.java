/**
 * A Keras-like description of a sequential network: an input shape and a list of layers, validated
 * and shape-checked up front.
 */
package io.github.modelbudget.training.model;
