package io.leadpipeline.reliability.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every schema a registry holds, with its subject and id, and a way to put them back after an
 * in-memory registry lost them. Schema ids are baked into every record written, and cached by
 * every client for the life of its JVM; a registry that forgets them and hands the same numbers
 * to other schemas makes old records unreadable, or readable as the wrong type. Re-registering
 * the same schemas in the order of their old ids, before any client registers anything else,
 * gives them their old ids back; {@link #restore} says whether it did.
 */
public final class RegistrySnapshot {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One registered version. */
  public record Entry(String subject, int id, String schema) {}

  private final List<Entry> entries;

  private RegistrySnapshot(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public List<Entry> entries() {
    return entries;
  }

  public static RegistrySnapshot take(String baseUrl) {
    List<Entry> entries = new ArrayList<>();
    for (JsonNode subject : get(baseUrl + "/subjects")) {
      String s = subject.asText();
      for (JsonNode version : get(baseUrl + "/subjects/" + encode(s) + "/versions")) {
        JsonNode v = get(baseUrl + "/subjects/" + encode(s) + "/versions/" + version.asText());
        entries.add(new Entry(s, v.path("id").asInt(), v.path("schema").asText()));
      }
    }
    entries.sort(Comparator.comparingInt(Entry::id));
    return new RegistrySnapshot(entries);
  }

  /**
   * Registers every schema again, lowest old id first, each distinct schema once before any
   * subject that shares it (a registry may spend an id on such a registration); returns the
   * entries that came back with a different id (empty when every id was restored).
   */
  public List<String> restore(String baseUrl) {
    List<String> moved = new ArrayList<>();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    List<Entry> firsts = new ArrayList<>();
    List<Entry> sharing = new ArrayList<>();
    for (Entry e : entries) {
      (seen.add(e.id()) ? firsts : sharing).add(e);
    }
    List<Entry> order = new ArrayList<>(firsts);
    order.addAll(sharing);
    for (Entry e : order) {
      JsonNode answer = post(baseUrl + "/subjects/" + encode(e.subject()) + "/versions",
          JSON.createObjectNode().put("schema", e.schema()).toString());
      int id = answer.path("id").asInt(-1);
      if (id != e.id()) {
        moved.add(e.subject() + " " + e.id() + "->" + id);
      }
    }
    return moved;
  }

  /** Ids whose schema in the registry now differs from the snapshot's. */
  public List<String> changedIds(String baseUrl) {
    List<String> changed = new ArrayList<>();
    for (Entry e : entries) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + e.id())).build());
      String now = r.statusCode() == 200 ? read(r.body()).path("schema").asText() : null;
      if (now == null || !new org.apache.avro.Schema.Parser().parse(now).equals(new org.apache.avro.Schema.Parser().parse(e.schema()))) {
        changed.add(e.id() + " (" + e.subject() + "): " + (now == null ? "unknown, status " + r.statusCode() : "another schema"));
      }
    }
    return changed;
  }

  private static JsonNode get(String url) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).build());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return read(r.body());
  }

  private static JsonNode post(String url, String body) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", CONTENT_TYPE)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return read(r.body());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
