package io.leadpipeline.demo;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./pipeline} command. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    subcommands = {DemoCommand.class},
    description = "lead-pipeline: Kafka-native lead distribution with suppression and audit.")
public final class PipelineCli {

  public static void main(String[] args) {
    // Avro refuses to build generated classes outside the allowed packages.
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.leadpipeline.avro");
    System.exit(new CommandLine(new PipelineCli()).execute(args));
  }
}
