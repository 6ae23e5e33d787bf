/**
 * Crash isolation: sessions that run in a child JVM. The TFLite runtime is native code, and a model
 * that passes verification can still crash a kernel; {@link
 * io.github.modelbudget.harness.isolation.IsolatedBackend} runs every loaded model in its own child
 * JVM (same classpath), so such a crash surfaces as a {@link
 * io.github.modelbudget.harness.isolation.NativeCrashException} in the caller instead of taking the
 * build down.
 */
package io.github.modelbudget.harness.isolation;
