package io.leadpipeline.portal.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser without a screen: keeps cookies, follows no redirects, posts forms and JSON. */
final class WebClient {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final String base;
  final Map<String, String> cookies = new HashMap<>();

  WebClient(String base) {
    this.base = base;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> api(String method, String path, String apiKey, String json) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + apiKey);
    if (json == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The CSRF token of the form on the page at {@code path}. */
  String csrfFrom(String path) throws IOException, InterruptedException {
    Matcher m = CSRF.matcher(get(path).body());
    if (!m.find()) {
      throw new AssertionError("no form on " + path);
    }
    return m.group(1);
  }

  /** Follows an emailed link: the confirm page, then its Continue button. */
  HttpResponse<String> signInWith(String link) throws IOException, InterruptedException {
    String token = link.substring(link.indexOf("token=") + "token=".length());
    String csrf = csrfFrom(link.substring(base.length()));
    return post("/sign-in/link", Map.of("_csrf", csrf, "token", token));
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    if (!cookies.isEmpty()) {
      b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    for (String c : r.headers().allValues("Set-Cookie")) {
      String pair = c.split(";", 2)[0];
      int eq = pair.indexOf('=');
      cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return r;
  }

  private URI uri(String path) {
    return URI.create(path.startsWith("http") ? path : base + path);
  }
}
