package io.github.modelbudget.harness.isolation;

import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.ExecutionPlan;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.runtime.SessionOptions;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The child side of an isolated model: reads requests from standard input, runs them in the
 * in-process TFLite backend and writes replies to standard output, until told to shut down or its
 * input ends. One child serves one model and any number of sessions, one request at a time.
 */
final class IsolatedSessionServer {

  /** Called before each invoke; the production hook does nothing (tests inject a crash here). */
  interface InvokeHook {
    void beforeInvoke(TfliteModel model);
  }

  private final DataInputStream in;
  private final DataOutputStream out;
  private final InvokeHook hook;
  private final Map<Integer, Session> sessions = new HashMap<>();
  private LoadedModel loaded;
  private int nextSession = 1;

  IsolatedSessionServer(DataInputStream in, DataOutputStream out, InvokeHook hook) {
    this.in = in;
    this.out = out;
    this.hook = hook;
  }

  /**
   * Serves requests on standard input and output.
   *
   * @param args ignored
   * @throws IOException if the channel to the parent breaks
   */
  public static void main(String[] args) throws IOException {
    serveStandardStreams(model -> {});
  }

  static void serveStandardStreams(InvokeHook hook) throws IOException {
    // The protocol owns file descriptor 1: anything else printed goes to standard error.
    DataOutputStream out =
        new DataOutputStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
    new IsolatedSessionServer(in, out, hook).serve();
  }

  void serve() throws IOException {
    try {
      while (true) {
        byte op;
        try {
          op = in.readByte();
        } catch (EOFException parentGone) {
          return;
        }
        if (op == Protocol.SHUTDOWN) {
          out.writeByte(Protocol.OK);
          out.flush();
          return;
        }
        handle(op);
        out.flush();
      }
    } finally {
      sessions.values().forEach(Session::close);
      if (loaded != null) {
        loaded.close();
      }
    }
  }

  private void handle(byte op) throws IOException {
    // Arguments are read before anything can fail, so the channel stays in step after an error.
    switch (op) {
      case Protocol.LOAD -> {
        String name = Protocol.readString(in);
        byte[] bytes = Protocol.readBytes(in);
        reply(
            () -> {
              if (loaded != null) {
                throw new IllegalStateException("this child already holds a model");
              }
              loaded = InferenceBackend.tflite().load(TfliteModel.fromBytes(name, bytes));
              out.writeByte(Protocol.OK);
              Protocol.writeString(out, InferenceBackend.tflite().runtimeVersion());
            });
      }
      case Protocol.OPEN_SESSION -> {
        int threads = in.readInt();
        boolean xnnpack = in.readBoolean();
        reply(
            () -> {
              if (loaded == null) {
                throw new IllegalStateException("no model is loaded");
              }
              Session session =
                  loaded.openSession(
                      SessionOptions.defaults().withThreads(threads).withXnnpack(xnnpack));
              int id = nextSession++;
              sessions.put(id, session);
              out.writeByte(Protocol.OK);
              out.writeInt(id);
              writeSpecs(session);
            });
      }
      case Protocol.RESIZE_INPUT -> {
        int id = in.readInt();
        int input = in.readInt();
        int[] shape = Protocol.readInts(in);
        reply(
            () -> {
              Session session = session(id);
              session.resizeInput(input, shape);
              out.writeByte(Protocol.OK);
              writeSpecs(session);
            });
      }
      case Protocol.RESIZE_BATCH -> {
        int id = in.readInt();
        int batch = in.readInt();
        reply(
            () -> {
              Session session = session(id);
              session.resizeBatch(batch);
              out.writeByte(Protocol.OK);
              writeSpecs(session);
            });
      }
      case Protocol.SET_INPUT -> {
        int id = in.readInt();
        int input = in.readInt();
        float[] values = Protocol.readFloats(in);
        reply(
            () -> {
              session(id).setInput(input, values);
              out.writeByte(Protocol.OK);
            });
      }
      case Protocol.SET_INPUT_BYTES -> {
        int id = in.readInt();
        int input = in.readInt();
        byte[] bytes = Protocol.readBytes(in);
        reply(
            () -> {
              session(id).setInputBytes(input, bytes);
              out.writeByte(Protocol.OK);
            });
      }
      case Protocol.RESET_VARIABLES -> {
        int id = in.readInt();
        reply(
            () -> {
              session(id).resetVariableTensors();
              out.writeByte(Protocol.OK);
            });
      }
      case Protocol.EXECUTION_PLAN -> {
        int id = in.readInt();
        reply(
            () -> {
              ExecutionPlan plan = session(id).executionPlan();
              out.writeByte(Protocol.OK);
              out.writeInt(plan.operators());
              out.writeInt(plan.delegatedOperators());
              out.writeInt(plan.delegatePartitions());
            });
      }
      case Protocol.INVOKE -> {
        int id = in.readInt();
        reply(
            () -> {
              Session session = session(id);
              hook.beforeInvoke(loaded.model());
              long nanos = session.invoke();
              out.writeByte(Protocol.OK);
              out.writeLong(nanos);
            });
      }
      case Protocol.OUTPUT -> {
        int id = in.readInt();
        int output = in.readInt();
        reply(
            () -> {
              float[] values = session(id).output(output);
              out.writeByte(Protocol.OK);
              Protocol.writeFloats(out, values);
            });
      }
      case Protocol.OUTPUT_BYTES -> {
        int id = in.readInt();
        int output = in.readInt();
        reply(
            () -> {
              byte[] bytes = session(id).outputBytes(output);
              out.writeByte(Protocol.OK);
              Protocol.writeBytes(out, bytes);
            });
      }
      case Protocol.CLOSE_SESSION -> {
        int id = in.readInt();
        reply(
            () -> {
              Session session = sessions.remove(id);
              if (session != null) {
                session.close();
              }
              out.writeByte(Protocol.OK);
            });
      }
      default -> throw new IOException("unknown opcode " + op + " on the isolation channel");
    }
  }

  private Session session(int id) {
    Session session = sessions.get(id);
    if (session == null) {
      throw new IllegalStateException("no open session " + id + " in the isolated runtime");
    }
    return session;
  }

  private void writeSpecs(Session session) throws IOException {
    Protocol.writeSpecs(out, session.inputs());
    Protocol.writeSpecs(out, session.outputs());
  }

  private interface Step {
    void run() throws IOException;
  }

  private void reply(Step step) throws IOException {
    try {
      step.run();
    } catch (RuntimeException e) {
      // Nothing of a successful reply was written yet: every step writes OK only after its work.
      Protocol.writeError(out, e);
    }
  }
}
