package io.leadpipeline.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client for the Confluent Schema Registry REST API, which Confluent Schema Registry, Apicurio
 * ({@code /apis/ccompat/v7}), Karapace and Redpanda all serve. Ids are immutable, so every answer
 * is cached for the life of the client.
 */
public final class SchemaRegistryClient {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUrl;
  private final Duration requestTimeout;
  private final String authorization;
  private final HttpClient http;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, Schema schema) {}

  /**
   * @param baseUrl the registry's Confluent-API root, for example {@code http://host:8081}
   * @param connectTimeout how long to wait for a connection
   * @param requestTimeout how long to wait for an answer
   * @param basicAuthUserInfo {@code user:password}, or null for none
   */
  public SchemaRegistryClient(
      String baseUrl, Duration connectTimeout, Duration requestTimeout, String basicAuthUserInfo) {
    Objects.requireNonNull(baseUrl, "schema registry url");
    this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.requestTimeout = requestTimeout;
    this.authorization =
        basicAuthUserInfo == null || basicAuthUserInfo.isBlank()
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  public String baseUrl() {
    return baseUrl.toString();
  }

  /** Registers {@code schema} under {@code subject} (a no-op if it is there) and returns its id. */
  public int register(String subject, Schema schema) {
    return idsBySubjectSchema.computeIfAbsent(
        new SubjectSchema(subject, schema),
        key -> {
          JsonNode answer = post("subjects/" + encode(subject) + "/versions", schemaBody(schema));
          int id = answer.path("id").asInt(-1);
          if (id < 0) {
            throw new SchemaRegistryException(
                "registry at " + baseUrl + " registered " + subject + " without returning an id");
          }
          schemasById.putIfAbsent(id, schema);
          return id;
        });
  }

  /** The id of {@code schema} under {@code subject}, which must already be registered. */
  public int lookUp(String subject, Schema schema) {
    return idsBySubjectSchema.computeIfAbsent(
        new SubjectSchema(subject, schema),
        key -> {
          JsonNode answer = post("subjects/" + encode(subject), schemaBody(schema));
          int id = answer.path("id").asInt(-1);
          schemasById.putIfAbsent(id, schema);
          return id;
        });
  }

  /** The schema with this id, with any schema references it names resolved. */
  public Schema byId(int id) {
    return schemasById.computeIfAbsent(
        id,
        key -> {
          JsonNode answer = get("schemas/ids/" + key);
          Schema.Parser parser = new Schema.Parser();
          parseReferences(answer, parser, new HashSet<>());
          return parser.parse(answer.path("schema").asText());
        });
  }

  /**
   * Some writers (Apicurio's serde among them) register nested named types as separate subjects
   * and refer to them; their definitions must be parsed before the schema that uses them.
   */
  private void parseReferences(JsonNode schemaAnswer, Schema.Parser parser, Set<String> seen) {
    for (JsonNode reference : schemaAnswer.path("references")) {
      String subject = reference.path("subject").asText();
      String version = reference.path("version").asText("latest");
      if (!seen.add(subject + "/" + version)) {
        continue;
      }
      JsonNode referenced = get("subjects/" + encode(subject) + "/versions/" + encode(version));
      parseReferences(referenced, parser, seen);
      String name = reference.path("name").asText();
      if (!parser.getTypes().containsKey(name)) {
        parser.parse(referenced.path("schema").asText());
      }
    }
  }

  private static String schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8);
  }

  private JsonNode get(String path) {
    return send(request(path).GET().build(), path);
  }

  private JsonNode post(String path, String body) {
    return send(
        request(path)
            .header("Content-Type", CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        path);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(baseUrl.resolve(path))
            .timeout(requestTimeout)
            .header("Accept", CONTENT_TYPE + ", application/json");
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private JsonNode send(HttpRequest request, String path) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SchemaRegistryException.Unavailable(
          "schema registry at " + baseUrl + " did not answer " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException.Unavailable(
          "interrupted while calling the schema registry at " + baseUrl, e);
    }
    JsonNode body = parse(response.body());
    int status = response.statusCode();
    if (status / 100 == 2) {
      return body;
    }
    String detail =
        "schema registry at "
            + baseUrl
            + " answered "
            + status
            + " to "
            + request.method()
            + " "
            + path
            + ": "
            + body.path("message").asText(response.body());
    int errorCode = body.path("error_code").asInt(status);
    if (status == 409) {
      throw new SchemaRegistryException.Incompatible(detail);
    }
    // 40403: schema not found; 40401: subject not found.
    if (status == 404 && (errorCode == 40403 || errorCode == 40401 || errorCode == 404)) {
      throw new SchemaRegistryException.UnknownSchema(detail);
    }
    if (status >= 500 || status == 429) {
      throw new SchemaRegistryException.Unavailable(detail, null);
    }
    throw new SchemaRegistryException(detail);
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("message", body);
    }
  }
}
