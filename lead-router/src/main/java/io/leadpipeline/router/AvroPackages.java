package io.leadpipeline.router;

/** Avro refuses to load generated classes unless their package is allowed; both commands allow ours. */
final class AvroPackages {
  static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";

  private AvroPackages() {}

  /** Allows {@code io.leadpipeline.avro} unless the property was set already. */
  static void allow() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "io.leadpipeline.avro");
    }
  }
}
