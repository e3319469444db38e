package io.leadpipeline.router.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * What may be logged about an exception. Messages can quote the data that failed (Avro and
 * parsers do), and that data is personal, so logs get the chain of exception types only; the
 * dead-letter headers carry the detail next to the bytes they describe.
 */
public final class Redacted {
  private Redacted() {}

  public static String describe(Throwable e) {
    List<String> chain = new ArrayList<>();
    for (Throwable t = e; t != null && chain.size() < 8; t = t.getCause()) {
      chain.add(t.getClass().getName());
    }
    return String.join(" <- ", chain);
  }
}
