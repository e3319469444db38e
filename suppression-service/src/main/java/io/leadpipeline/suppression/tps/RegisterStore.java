package io.leadpipeline.suppression.tps;

import io.leadpipeline.avro.Register;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The registers as last loaded, one binary file per register in {@code tps.state.dir}: a magic
 * number, then packed entries (big-endian longs) in ascending number order. A full file is diffed
 * against this copy, since the topic holds keys, which cannot be turned back into numbers. A new
 * copy replaces the old one atomically, and only after every change reached Kafka; a failed load
 * leaves the old copy, and the next load sends the same differences again.
 */
public final class RegisterStore {
  private static final long MAGIC = 0x4c50_5450_5331_0001L; // "LPTPS1" v1

  private final Path dir;

  public RegisterStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
      // The copies hold the register's numbers, as the licensed file does: owner-only.
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create tps.state.dir " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  Path file(Register register) {
    return dir.resolve(register.name() + ".register");
  }

  /** Holds the store for one load at a time, across processes (the CLI and a running service). */
  public Closeable lock() throws IOException {
    FileChannel channel =
        FileChannel.open(dir.resolve("ingest.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another thread of this process
    }
    if (lock == null) {
      channel.close();
      throw new Busy("another register load is running; try again when it has finished");
    }
    FileLock held = lock;
    return () -> {
      try {
        held.release();
      } finally {
        channel.close();
      }
    };
  }

  /** The register's entries as last loaded; empty if it was never loaded. */
  public Reader read(Register register) throws IOException {
    Path file = file(register);
    if (!Files.exists(file)) {
      return new Reader(null);
    }
    DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    if (in.readLong() != MAGIC) {
      in.close();
      throw new IOException(file + " is not a register file");
    }
    return new Reader(in);
  }

  /** Starts a new copy of the register; {@link Writer#commit()} puts it in place. */
  public Writer write(Register register) throws IOException {
    Path tmp = dir.resolve(register.name() + ".register.tmp");
    DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16));
    out.writeLong(MAGIC);
    return new Writer(out, tmp, file(register));
  }

  /** Looks numbers up in the register as last loaded, by binary search over a mapped file. */
  public Index index(Register register) throws IOException {
    Path file = file(register);
    if (!Files.exists(file)) {
      return new Index(LongBuffer.allocate(0));
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      LongBuffer entries =
          channel.map(FileChannel.MapMode.READ_ONLY, 8, size - 8).asLongBuffer();
      return new Index(entries);
    }
  }

  /** Another load holds the store. */
  public static final class Busy extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Busy(String message) {
      super(message);
    }
  }

  /** Reads one register file front to back. */
  public static final class Reader implements EntryCursor, Closeable {
    private final DataInputStream in;
    private long next = -1;
    private boolean done;

    Reader(DataInputStream in) {
      this.in = in;
      this.done = in == null;
    }

    @Override
    public boolean hasNext() throws IOException {
      if (next == -1 && !done) {
        try {
          next = in.readLong();
        } catch (EOFException e) {
          done = true;
        }
      }
      return next != -1;
    }

    @Override
    public long next() throws IOException {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      long out = next;
      next = -1;
      return out;
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }

  /** Writes a new copy; nothing replaces the old one until {@link #commit()}. */
  public static final class Writer implements Closeable {
    private final DataOutputStream out;
    private final Path tmp;
    private final Path target;
    private boolean committed;

    Writer(DataOutputStream out, Path tmp, Path target) {
      this.out = out;
      this.tmp = tmp;
      this.target = target;
    }

    public void append(long entry) throws IOException {
      out.writeLong(entry);
    }

    public void commit() throws IOException {
      out.close();
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      committed = true;
    }

    @Override
    public void close() throws IOException {
      if (!committed) {
        out.close();
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Number lookups in a register file. */
  public static final class Index {
    private final LongBuffer entries;

    Index(LongBuffer entries) {
      this.entries = entries;
    }

    public int size() {
      return entries.limit();
    }

    /** The entry for {@code number}, or -1. */
    public long find(long number) {
      int lo = 0;
      int hi = entries.limit() - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        long e = entries.get(mid);
        long n = RegisterEntry.number(e);
        if (n < number) {
          lo = mid + 1;
        } else if (n > number) {
          hi = mid - 1;
        } else {
          return e;
        }
      }
      return -1;
    }
  }
}
