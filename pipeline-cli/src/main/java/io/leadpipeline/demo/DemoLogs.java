package io.leadpipeline.demo;

import java.nio.file.Path;

/** Where the demo's logs go: a file, so the console shows only the demo's own progress. */
final class DemoLogs {
  private DemoLogs() {}

  static Path file() {
    return Path.of(System.getProperty("demo.log.file", "target/demo.log")).toAbsolutePath();
  }
}
