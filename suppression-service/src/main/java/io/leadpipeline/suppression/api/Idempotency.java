package io.leadpipeline.suppression.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on POST: the first request with a key runs, later ones with the same
 * key (and the same API key) get the stored answer instead of writing again; a concurrent
 * duplicate waits for the first. A key reused with a different request is refused (422). Only
 * successful answers are kept; a failed request may be retried with the same key.
 *
 * <p>Kept in memory for {@code ttl} (bounded count): the single-writer service is one instance;
 * a restart forgets keys, and the retried write then happens again, which merges to the same
 * state (opt-outs keep their first time; a do-not-call moves to the retry's time).
 */
public final class Idempotency {
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");

  /** A stored answer. */
  public record Stored(int status, String json) {}

  private record Entry(String fingerprint, Instant at, CompletableFuture<Stored> answer) {}

  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry> entries;

  public Idempotency(Duration ttl, int maxEntries, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /** What to do with a request: run it (and then {@link Claim#complete}), or replay a stored answer. */
  public sealed interface Outcome {
    record Run(Claim claim) implements Outcome {}

    record Replay(Stored stored) implements Outcome {}
  }

  /** The right to run a request under a key. */
  public final class Claim {
    private final String scopedKey;
    private final Entry entry;

    private Claim(String scopedKey, Entry entry) {
      this.scopedKey = scopedKey;
      this.entry = entry;
    }

    public void complete(Stored stored) {
      entry.answer().complete(stored);
    }

    public void fail() {
      synchronized (entries) {
        entries.remove(scopedKey, entry);
      }
      entry.answer().completeExceptionally(new IllegalStateException("the first request failed"));
    }
  }

  public static void validate(String key) {
    if (!KEY.matcher(key).matches()) {
      throw ApiException.badRequest("Idempotency-Key must be 1-128 printable ASCII characters");
    }
  }

  public Outcome begin(String apiKeyId, String idempotencyKey, String method, String path, byte[] body)
      throws InterruptedException {
    validate(idempotencyKey);
    String scoped = apiKeyId + "\n" + idempotencyKey;
    String fingerprint = fingerprint(method, path, body);
    Entry mine = new Entry(fingerprint, clock.instant(), new CompletableFuture<>());
    Entry held;
    synchronized (entries) {
      held = entries.get(scoped);
      if (held != null && held.at().plus(ttl).isBefore(clock.instant())) {
        entries.remove(scoped);
        held = null;
      }
      if (held == null) {
        entries.put(scoped, mine);
        return new Outcome.Run(new Claim(scoped, mine));
      }
    }
    if (!held.fingerprint().equals(fingerprint)) {
      throw new ApiException(422, "Idempotency-Key was already used for a different request");
    }
    try {
      return new Outcome.Replay(held.answer().get(90, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      throw new ApiException(409, "the first request with this Idempotency-Key failed; retry it");
    } catch (TimeoutException e) {
      throw new ApiException(409, "the first request with this Idempotency-Key is still running");
    }
  }

  private static String fingerprint(String method, String path, byte[] body) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
      d.update(body);
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
