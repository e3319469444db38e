package io.leadpipeline.ops;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's files, found from wherever the tests run (Maven runs them in ops/). */
public final class Repository {
  private Repository() {}

  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("ops"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no repository root (docker-compose.yml and ops/) above " + Path.of("").toAbsolutePath());
  }

  public static Path file(String relative) {
    return root().resolve(relative);
  }
}
