package io.leadpipeline.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the broker classpath and the registry jar are. The build writes their paths into
 * {@code local-stack.properties}; a system property or environment variable overrides each, for
 * a local-stack jar used outside the reactor that built it.
 */
record StackArtifacts(Path kafkaLibs, Path registryJar) {

    static final String KAFKA_LIBS_PROPERTY = "lead-pipeline.local-stack.kafka-libs";
    static final String KAFKA_LIBS_ENV = "LEAD_PIPELINE_LOCAL_STACK_KAFKA_LIBS";
    static final String REGISTRY_JAR_PROPERTY = "lead-pipeline.local-stack.registry-jar";
    static final String REGISTRY_JAR_ENV = "LEAD_PIPELINE_LOCAL_STACK_REGISTRY_JAR";

    static StackArtifacts locate() {
        Properties built = builtPaths();
        Path kafkaLibs = Path.of(choose(KAFKA_LIBS_PROPERTY, KAFKA_LIBS_ENV, built.getProperty("kafka-libs")));
        Path registryJar = Path.of(choose(REGISTRY_JAR_PROPERTY, REGISTRY_JAR_ENV, built.getProperty("registry-jar")));
        if (!Files.isDirectory(kafkaLibs)) {
            throw missing("Kafka broker classpath", kafkaLibs, KAFKA_LIBS_PROPERTY, KAFKA_LIBS_ENV);
        }
        if (!Files.isRegularFile(registryJar)) {
            throw missing("Apicurio Registry runner jar", registryJar, REGISTRY_JAR_PROPERTY, REGISTRY_JAR_ENV);
        }
        return new StackArtifacts(kafkaLibs, registryJar);
    }

    /** The classpath argument for {@code java -cp}: java itself expands the wildcard. */
    String kafkaClasspath() {
        return kafkaLibs.resolve("*").toString();
    }

    private static String choose(String property, String env, String built) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        if (value == null || value.isBlank()) {
            value = built;
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("local-stack.properties is not on the classpath; set -D" + property
                    + " or " + env);
        }
        return value;
    }

    private static Properties builtPaths() {
        Properties properties = new Properties();
        try (InputStream in = StackArtifacts.class.getResourceAsStream("/local-stack.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static IllegalStateException missing(String what, Path path, String property, String env) {
        return new IllegalStateException(what + " not found at " + path
                + ". Build it with 'mvn -pl local-stack process-resources', or point -D" + property
                + " or " + env + " at it.");
    }
}
