package io.leadpipeline.suppression.tps;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.TpsFileKind;
import io.leadpipeline.suppression.api.ApiException;
import io.leadpipeline.suppression.api.Endpoints;
import io.leadpipeline.suppression.api.Reply;
import io.leadpipeline.suppression.access.Scope;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/tps/files?register=TPS|CTPS&kind=FULL|CHANGES&name=file.txt}: the body is the
 * register file, streamed (never held whole) and size-limited. Answers when every change is
 * acknowledged. Loading the same file twice writes nothing the second time, so uploads need no
 * idempotency key.
 */
public final class TpsRoutes implements Consumer<Endpoints> {
  private static final Logger log = LoggerFactory.getLogger(TpsRoutes.class);

  private final TpsIngest ingest;
  private final long maxBytes;

  public TpsRoutes(TpsIngest ingest, long maxBytes) {
    this.ingest = ingest;
    this.maxBytes = maxBytes;
  }

  @Override
  public void accept(Endpoints e) {
    e.stream(HandlerType.POST, "/v1/tps/files", Scope.TPS_WRITE, this::upload);
  }

  private Reply upload(Context ctx) throws Exception {
    Register register = parse(Register.class, "register", ctx.queryParam("register"));
    TpsFileKind kind = parse(TpsFileKind.class, "kind", ctx.queryParam("kind"));
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw new ApiException(413, "the file is larger than " + maxBytes + " bytes");
    }
    String name = ctx.queryParam("name");
    String actor = Endpoints.apiKey(ctx).id();
    TpsIngest.Result r;
    try (InputStream in = new LimitedInputStream(ctx.req().getInputStream(), maxBytes)) {
      r =
          ingest.ingest(
              register,
              kind,
              name == null ? register.name().toLowerCase(Locale.ROOT) + "-upload" : name,
              in,
              actor,
              (stage, lines, bytes) -> log.info("{} upload {}: {} lines, {} bytes", register, stage, lines, bytes));
    } catch (LimitedInputStream.TooLarge tooLarge) {
      throw new ApiException(413, tooLarge.getMessage() + "; nothing was loaded");
    } catch (RegisterStore.Busy busy) {
      throw new ApiException(409, busy.getMessage());
    }
    return Reply.ok(describe(r));
  }

  public static Map<String, Object> describe(TpsIngest.Result r) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("acknowledgedAt", r.acknowledgedAt().toString());
    body.put("register", r.register().name());
    body.put("kind", r.kind().name());
    body.put("file", r.file());
    body.put("numbers", r.numbers());
    body.put("added", r.added());
    body.put("removed", r.removed());
    body.put("redated", r.redated());
    body.put("recordsWritten", r.recordsWritten());
    Map<String, Long> lines = new LinkedHashMap<>();
    r.lines().forEach((k, v) -> lines.put(k.label(), v));
    body.put("lines", lines);
    body.put("tookMs", r.took().toMillis());
    return body;
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String param, String value) {
    if (value == null) {
      throw ApiException.badRequest("query parameter " + param + " is required: " + java.util.Arrays.toString(type.getEnumConstants()));
    }
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(param + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }
  }
}
