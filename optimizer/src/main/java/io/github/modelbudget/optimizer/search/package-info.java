/**
 * Budget-driven search: the smallest variant of a float model that meets a budget, found by trying
 * quantization modes, sparsity levels and keeping the most harmed layers float.
 */
package io.github.modelbudget.optimizer.search;
