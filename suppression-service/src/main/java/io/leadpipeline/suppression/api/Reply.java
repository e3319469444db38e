package io.leadpipeline.suppression.api;

/** A JSON answer: its status and the object Jackson writes. */
public record Reply(int status, Object body) {
  public static Reply ok(Object body) {
    return new Reply(200, body);
  }
}
