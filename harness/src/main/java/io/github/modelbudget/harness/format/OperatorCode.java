package io.github.modelbudget.harness.format;

import java.util.Objects;
import java.util.Optional;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.OperatorCodeT;

/**
 * An operator kind a model uses: a builtin code or a custom code, with a version.
 *
 * @param builtinCode the builtin operator code ({@link BuiltinOperator}); {@code CUSTOM} (32) for
 *     custom ops
 * @param customCode the custom op's name, for custom ops
 * @param version the version the model asks for, at least 1
 */
public record OperatorCode(int builtinCode, Optional<String> customCode, int version) {

  private static final int DEPRECATED_CODE_LIMIT = BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES;

  /** Validates. */
  public OperatorCode {
    Objects.requireNonNull(customCode, "customCode");
  }

  /**
   * Reads an operator code, resolving the schema's two code fields as the runtime does: the larger
   * of {@code deprecated_builtin_code} and {@code builtin_code}.
   *
   * @param code the schema object
   * @return the operator code
   */
  static OperatorCode of(OperatorCodeT code) {
    int builtin = Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode());
    Optional<String> custom =
        builtin == BuiltinOperator.CUSTOM
            ? Optional.ofNullable(code.getCustomCode())
            : Optional.empty();
    return new OperatorCode(builtin, custom, Math.max(1, code.getVersion()));
  }

  /**
   * Returns the name of a builtin operator code.
   *
   * @param builtinCode the code
   * @return the schema's name, or {@code BUILTIN_<code>} for a code newer than the schema classes
   */
  public static String builtinName(int builtinCode) {
    String[] names = BuiltinOperator.names;
    return builtinCode >= 0 && builtinCode < names.length && !names[builtinCode].isEmpty()
        ? names[builtinCode]
        : "BUILTIN_" + builtinCode;
  }

  /**
   * Tells whether this is a custom operator.
   *
   * @return {@code true} for custom ops
   */
  public boolean custom() {
    return customCode.isPresent();
  }

  /**
   * Returns the operator's name: the builtin name or the custom code.
   *
   * @return the name, never {@code null}
   */
  public String name() {
    return customCode.orElseGet(() -> builtinName(builtinCode));
  }

  static boolean fitsDeprecatedField(int builtinCode) {
    return builtinCode < DEPRECATED_CODE_LIMIT;
  }

  @Override
  public String toString() {
    return name() + " v" + version;
  }
}
