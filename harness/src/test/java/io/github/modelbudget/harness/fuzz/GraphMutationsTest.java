package io.github.modelbudget.harness.fuzz;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.Pool2DOptionsT;

/** The byte format of {@link GraphMutations}: what each group of four bytes does to the graph. */
class GraphMutationsTest {

  private static OperatorT operator(byte[] model, int index) {
    return ModelT.deserializeFromBinary(model).getSubgraphs()[0].getOperators()[index];
  }

  @Test
  void baseAlone_isTheBaseModelUnchanged() {
    byte[] base = GraphMutations.base(1);

    assertThat(
        operator(GraphMutations.apply(new byte[] {1}), 1).getOutputs(),
        is(operator(base, 1).getOutputs()));
  }

  @Test
  void appendOutput_givesMaxPoolASecondOutput_theTensorChosenByB() {
    // conv_stack; kind 0 (append output) to operator 1 (MAX_POOL_2D), b = 1 → tensor 0.
    OperatorT pool = operator(GraphMutations.apply(new byte[] {1, 0, 1, 1, 0}), 1);

    assertThat(pool.getOutputs().length, is(2));
    assertThat(pool.getOutputs()[1], is(0));
  }

  @Test
  void tensorIndices_reachOnePastEachEnd() {
    // b = 0 → tensor -1, the index just below the range.
    OperatorT pool = operator(GraphMutations.apply(new byte[] {1, 2, 1, 0, 0}), 1);

    assertThat(pool.getInputs()[pool.getInputs().length - 1], is(-1));
  }

  @Test
  void optionEnum_setsThePaddingOfMaxPool() {
    OperatorT pool = operator(GraphMutations.apply(new byte[] {1, 5, 1, 0, 2}), 1);

    assertThat(((Pool2DOptionsT) pool.getBuiltinOptions().getValue()).getPadding(), is((byte) 2));
  }

  @Test
  void everyInput_decodesToAModel_evenATruncatedGroup() {
    byte[] bytes = {3, (byte) 0xff, (byte) 0xfe, (byte) 0xfd, (byte) 0xfc, 9, 9};

    assertThat(GraphMutations.apply(bytes).length > 0, is(true));
  }
}
