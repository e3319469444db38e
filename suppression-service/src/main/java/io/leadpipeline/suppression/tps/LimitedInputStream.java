package io.leadpipeline.suppression.tps;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails a read once more than {@code limit} bytes came through: uploads are size-limited. */
public final class LimitedInputStream extends FilterInputStream {
  /** Thrown when the stream passes its limit. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("the upload is larger than " + limit + " bytes");
    }
  }

  private final long limit;
  private long count;

  public LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(long n) throws TooLarge {
    count += n;
    if (count > limit) {
      throw new TooLarge(limit);
    }
  }
}
