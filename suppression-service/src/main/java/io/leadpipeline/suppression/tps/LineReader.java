package io.leadpipeline.suppression.tps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a register file line by line straight from bytes, with a bound on line length: a line
 * longer than {@code maxLength} is skipped whole and reported as {@code null}, so a hostile file
 * without newlines cannot make one giant string. Counts bytes for progress reports.
 */
public final class LineReader {
  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private final byte[] line;
  private int pos;
  private int limit;
  private long bytesRead;
  private boolean eof;

  /** Returned for a line that was too long. */
  public static final String TOO_LONG = "\u0000too-long";

  public LineReader(InputStream in, int maxLength) {
    this.in = in;
    this.line = new byte[maxLength];
  }

  /** The next line without its terminator, {@link #TOO_LONG}, or null at the end. */
  public String next() throws IOException {
    int length = 0;
    boolean tooLong = false;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        if (eof || !fill()) {
          if (!any) {
            return null;
          }
          break;
        }
      }
      byte b = buffer[pos++];
      any = true;
      if (b == '\n') {
        break;
      }
      if (length < line.length) {
        line[length++] = b;
      } else {
        tooLong = true;
      }
    }
    if (tooLong) {
      return TOO_LONG;
    }
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    return new String(line, 0, length, StandardCharsets.UTF_8);
  }

  public long bytesRead() {
    return bytesRead;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer);
    if (n <= 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    bytesRead += n;
    return true;
  }
}
