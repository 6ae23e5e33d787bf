package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassIndicesTest {

  @ParameterizedTest(name = "{0} classes")
  @ValueSource(ints = {2, 128, 129, 1001, 32_768, 32_769, 1 << 20})
  void indicesUpToTheClassCount_readBackUnchanged(int classCount) {
    SplittableRandom random = new SplittableRandom(classCount);
    int[] indices = new int[500];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = random.nextInt(classCount);
    }
    indices[0] = classCount - 1;
    indices[1] = 0;

    ClassIndices stored = ClassIndices.of(indices, classCount);

    assertArrayEquals(indices, stored.toArray());
    assertThat(stored.get(0), is(classCount - 1));
    assertThat(stored.size(), is(indices.length));
  }
}
