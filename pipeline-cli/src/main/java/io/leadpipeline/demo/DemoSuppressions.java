package io.leadpipeline.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipeline.demo.DemoPopulation.Person;
import io.leadpipeline.identity.SubjectKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Records the sample's suppressions the way an operator would: through the suppression-service's
 * HTTP API. Roughly: 15% of numbers on the TPS (a few registered too recently to count), 5% on the
 * CTPS, 5% do-not-call, 8% marketing opt-outs, 3% do-not-repeat for every partner.
 */
final class DemoSuppressions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String authorization;
  private final DemoPopulation population;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Random random;

  private final SubjectKeys keys;

  DemoSuppressions(
      String baseUrl, String keyId, String keySecret, DemoPopulation population, SubjectKeys keys) {
    this.baseUrl = baseUrl;
    this.keys = keys;
    this.authorization = "Bearer " + keyId + "." + keySecret;
    this.population = population;
    this.random = new Random(population.people().size());
  }

  /** The service's {@code api.keys} entry for a key with every scope the demo uses. */
  static String apiKeyEntry(String id, String secret) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return id + ":" + HexFormat.of().formatHex(hash) + ":suppression:write tps:write dsar:read dsar:erase";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Suppressions in place before the first enquiry. */
  String seed() throws IOException, InterruptedException {
    StringBuilder tps = new StringBuilder();
    StringBuilder ctps = new StringBuilder();
    int tpsCount = 0;
    int ctpsCount = 0;
    int optOuts = 0;
    int doNotCall = 0;
    int doNotRepeat = 0;
    LocalDate today = LocalDate.now();
    for (Person person : population.people()) {
      int roll = random.nextInt(100);
      if (person.phone() != null && roll < 15) {
        // A registration under 28 days old does not yet bar calls.
        int daysAgo = roll < 2 ? 10 : 60 + random.nextInt(900);
        tps.append(person.phone()).append(',').append(today.minusDays(daysAgo)).append('\n');
        tpsCount++;
      } else if (person.phone() != null && roll < 20) {
        ctps.append(person.phone()).append(',').append(today.minusDays(90)).append('\n');
        ctpsCount++;
      }
      int choice = random.nextInt(100);
      if (person.phone() != null && choice < 5) {
        post("/v1/do-not-call", Map.of("phone", person.phone()));
        doNotCall++;
      } else if (choice < 13) {
        post("/v1/opt-outs", Map.of("email", person.email(), "channels", List.of("EMAIL_MARKETING")));
        optOuts++;
      } else if (choice < 16) {
        post("/v1/do-not-repeat", Map.of("email", person.email(), "allPartners", true));
        doNotRepeat++;
      }
    }
    upload("TPS", tps.toString());
    upload("CTPS", ctps.toString());
    return String.format(
        "%d TPS and %d CTPS registrations, %d do-not-call, %d marketing opt-outs, %d do-not-repeat",
        tpsCount, ctpsCount, doNotCall, optOuts, doNotRepeat);
  }

  /**
   * Up to 15 people who have been introduced to partners change their minds: a do-not-call where
   * they gave a number, a marketing opt-out otherwise; and up to 3 more ask to be erased. Each
   * partner that received them gets a notice.
   */
  String later(Set<String> routedSubjects) throws IOException, InterruptedException {
    int doNotCall = 0;
    int optOuts = 0;
    int erased = 0;
    for (Person person : population.people()) {
      if (erased == 3) {
        break;
      }
      if (!routedSubjects.contains(keys.ofEmail(person.email()))) {
        continue;
      }
      if (doNotCall + optOuts == 15) {
        Map<String, String> who = new HashMap<>(Map.of("email", person.email()));
        if (person.phone() != null) {
          who.put("phone", person.phone());
        }
        post("/v1/subjects/erasure", who);
        erased++;
      } else if (person.phone() != null) {
        post("/v1/do-not-call", Map.of("phone", person.phone()));
        doNotCall++;
      } else {
        post("/v1/opt-outs", Map.of("email", person.email(), "channels", List.of("EMAIL_MARKETING")));
        optOuts++;
      }
    }
    return String.format(
        "%d people already introduced to partners asked not to be called, %d opted out of marketing,"
            + " %d asked to be erased",
        doNotCall, optOuts, erased);
  }

  private void upload(String register, String file) throws IOException, InterruptedException {
    send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/tps/files?register=" + register + "&kind=FULL"))
            .header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofString(file)));
  }

  private void post(String path, Map<String, ?> body) throws IOException, InterruptedException {
    send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  private void send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpRequest built = request.header("Authorization", authorization).timeout(Duration.ofSeconds(30)).build();
    HttpResponse<String> response;
    try {
      response = http.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      // A kept-alive connection the server closed while idle fails before any answer: once more
      // on a fresh one.
      response = http.send(built, HttpResponse.BodyHandlers.ofString());
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "suppression-service answered " + response.statusCode() + " to " + request.build().uri()
              + ": " + response.body());
    }
  }
}
