package io.github.modelbudget.optimizer.rewrite;

import java.util.Arrays;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;

/** Finds and adds operator codes in an unpacked model ({@code ModelT}). */
public final class OperatorCodes {

  private OperatorCodes() {}

  /**
   * Returns the builtin code of an operator, from whichever of the two code fields is set.
   *
   * @param model the unpacked model
   * @param op one of its operators, with a valid operator code index
   * @return the {@link BuiltinOperator} code
   */
  public static int builtin(ModelT model, OperatorT op) {
    OperatorCodeT code = model.getOperatorCodes()[(int) op.getOpcodeIndex()];
    return Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode());
  }

  /**
   * Finds the operator code with this builtin code and version, adding one (with both code fields
   * set, as TFLite 2.21 needs) if there is none.
   *
   * @param model the unpacked model, changed in place when a code is added
   * @param builtinCode the {@link BuiltinOperator} code
   * @param version the operator version
   * @return the index of the operator code
   */
  public static int findOrAdd(ModelT model, int builtinCode, int version) {
    OperatorCodeT[] codes = model.getOperatorCodes();
    for (int i = 0; i < codes.length; i++) {
      OperatorCodeT code = codes[i];
      int builtin = Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode());
      if (builtin == builtinCode && Math.max(1, code.getVersion()) == version) {
        return i;
      }
    }
    OperatorCodeT code = new OperatorCodeT();
    code.setBuiltinCode(builtinCode);
    code.setDeprecatedBuiltinCode(
        (byte) Math.min(builtinCode, BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES));
    code.setVersion(version);
    OperatorCodeT[] extended = Arrays.copyOf(codes, codes.length + 1);
    extended[codes.length] = code;
    model.setOperatorCodes(extended);
    return codes.length;
  }
}
