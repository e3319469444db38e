package io.leadpipeline.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A schema registry call failed; subclasses say whether retrying can help. */
public class SchemaRegistryException extends SerializationException {
  private static final long serialVersionUID = 1L;

  public SchemaRegistryException(String message) {
    super(message);
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The registry could not be reached or failed on its side. The record is fine: retry later,
   * never dead-letter it.
   */
  public static final class Unavailable extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The record names a schema id the registry does not know. */
  public static final class UnknownSchema extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public UnknownSchema(String message) {
      super(message);
    }
  }

  /** The registry refused a schema as incompatible with the subject's earlier versions. */
  public static final class Incompatible extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public Incompatible(String message) {
      super(message);
    }
  }
}
