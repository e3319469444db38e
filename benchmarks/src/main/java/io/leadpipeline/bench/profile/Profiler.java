package io.leadpipeline.bench.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/** A Java Flight Recorder recording of this JVM, with the JDK's "profile" settings (10 ms samples). */
public final class Profiler implements AutoCloseable {
  private final Recording recording;
  private final Path file;

  private Profiler(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  public static Profiler start(Path file) {
    try {
      Recording recording = new Recording(Configuration.getConfiguration("profile"));
      recording.setName("lead-pipeline-bench");
      recording.start();
      return new Profiler(recording, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ParseException e) {
      throw new IllegalStateException("the JDK's JFR profile settings do not parse", e);
    }
  }

  /** Stops recording and writes the {@code .jfr} file. */
  public Path stop() {
    try {
      recording.stop();
      recording.dump(file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      recording.close();
    }
  }

  @Override
  public void close() {
    recording.close();
  }
}
