package io.leadpipeline.bench.tps;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A synthetic full register file in the format the suppression-service ingests
 * ({@code number,registeredOn} per line): distinct, valid London numbers (020 7…, 020 8…,
 * 020 3…), each registered on one of a few thousand dates in the past.
 */
public final class RegisterFile {
  /** Each London block holds ten million subscriber numbers. */
  private static final String[] BLOCKS = {"0207", "0208", "0203"};
  private static final long BLOCK = 10_000_000L;
  public static final long MAX_NUMBERS = BLOCKS.length * BLOCK;
  private static final LocalDate FIRST_DATE = LocalDate.of(2015, 1, 1);

  private RegisterFile() {}

  /** Line {@code i} of the file, without its newline. */
  public static String line(long i) {
    if (i < 0 || i >= MAX_NUMBERS) {
      throw new IllegalArgumentException("at most " + MAX_NUMBERS + " numbers");
    }
    String block = BLOCKS[(int) (i / BLOCK)];
    long subscriber = i % BLOCK;
    String digits = Long.toString(subscriber);
    StringBuilder line = new StringBuilder(22).append(block);
    for (int pad = digits.length(); pad < 7; pad++) {
      line.append('0');
    }
    return line.append(digits).append(',').append(FIRST_DATE.plusDays(i % 3_000)).toString();
  }

  /** Writes {@code count} lines to {@code file} unless an identical file is already there. */
  public static Path write(Path file, long count) throws IOException {
    Path marker = file.resolveSibling(file.getFileName() + ".count");
    if (Files.exists(file) && Files.exists(marker) && Files.readString(marker).equals(Long.toString(count))) {
      return file;
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      for (long i = 0; i < count; i++) {
        out.write(line(i).getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
      }
    }
    Files.writeString(marker, Long.toString(count));
    return file;
  }
}
