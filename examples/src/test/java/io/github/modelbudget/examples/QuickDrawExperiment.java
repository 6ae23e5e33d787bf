package io.github.modelbudget.examples;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Makes the Quick, Draw! experiment's variants before the annotated class's tests run, once per JVM
 * however many classes carry it: {@code target/quickdraw/variants/} with {@code baseline.tflite},
 * {@code quantized.tflite}, {@code pruned.tflite}, {@code pruned_quantized.tflite} and {@code
 * manifest.json}, and the held-out drawings in {@code target/quickdraw/test.npz} (see {@link
 * QuickDrawVariantsExtension}).
 *
 * <p>It runs as a {@code BeforeAllCallback}, and {@code @ModelVariants} and {@code @EvaluationData}
 * read their files only later, when the first test asks for a variant; so a class declares them
 * beside this annotation in any order:
 *
 * <pre>{@code
 * @QuickDrawExperiment
 * @ModelVariants(dir = "target/quickdraw/variants", baseline = "baseline")
 * @EvaluationData(path = "target/quickdraw/test.npz", classNames = {...})
 * class QuickDrawBudgetTest { ... }
 * }</pre>
 *
 * <p>A project whose variants are made elsewhere (committed, or made by an earlier build step)
 * needs nothing like it: it points {@code @ModelVariants} at the files.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(QuickDrawVariantsExtension.class)
@interface QuickDrawExperiment {}
