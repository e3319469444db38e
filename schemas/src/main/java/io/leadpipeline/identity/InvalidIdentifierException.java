package io.leadpipeline.identity;

/** An email or phone number that cannot be normalised. The message never repeats the value. */
public final class InvalidIdentifierException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidIdentifierException(String message) {
    super(message);
  }
}
