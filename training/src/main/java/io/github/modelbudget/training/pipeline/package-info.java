/**
 * The experiment's pipeline in one call: {@link
 * io.github.modelbudget.training.pipeline.VariantPipeline} turns a model description, a dataset and
 * a {@link io.github.modelbudget.training.pipeline.PipelineRecipe} into a folder of four variants
 * and a manifest.
 */
package io.github.modelbudget.training.pipeline;
