package io.leadpipeline.suppression.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.POST;

import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.Subject;
import io.leadpipeline.suppression.Suppressions;
import io.leadpipeline.suppression.Written;
import io.leadpipeline.suppression.access.Scope;
import io.leadpipeline.suppression.preferences.Channel;
import io.leadpipeline.topics.Topics;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code /v1} write API: opt-outs, do-not-call, call consents, do-not-repeat and re-consent.
 * Requests carry raw email and phone; they are keyed here and only keys go further.
 */
public final class SuppressionRoutes implements Consumer<Endpoints> {
  /** {@code {"email"?, "phone"?, "channels": [...]}} */
  public record OptOutRequest(String email, String phone, List<Channel> channels) {}

  /** {@code {"phone"?, "email"?}} */
  public record DoNotCallRequest(String email, String phone) {}

  /** {@code {"phone", "expiresAt"?}} */
  public record CallConsentRequest(String phone, String expiresAt) {}

  /** {@code {"phone"}} */
  public record CallConsentRevocation(String phone) {}

  /** {@code {"email", "partnerIds"?, "allPartners"?}} */
  public record DoNotRepeatRequest(String email, List<String> partnerIds, Boolean allPartners) {}

  /** {@code {"email"?, "phone"?, "channels"?, "calls"?, "callConsentExpiresAt"?}} */
  public record ReConsentRequest(
      String email, String phone, List<Channel> channels, Boolean calls, String callConsentExpiresAt) {}

  private final Suppressions suppressions;
  private final SubjectKeys keys;

  public SuppressionRoutes(Suppressions suppressions, SubjectKeys keys) {
    this.suppressions = suppressions;
    this.keys = keys;
  }

  @Override
  public void accept(Endpoints e) {
    e.json(POST, "/v1/opt-outs", Scope.SUPPRESSION_WRITE, ctx -> {
      OptOutRequest r = Bodies.json(ctx, OptOutRequest.class);
      Set<Channel> channels = channels(r.channels(), true);
      return reply(suppressions.optOut(subject(r.email(), r.phone()), channels, actor(ctx)));
    });
    e.json(POST, "/v1/do-not-call", Scope.SUPPRESSION_WRITE, ctx -> {
      DoNotCallRequest r = Bodies.json(ctx, DoNotCallRequest.class);
      return reply(suppressions.doNotCall(subject(r.email(), r.phone()), actor(ctx)));
    });
    e.json(POST, "/v1/call-consents", Scope.SUPPRESSION_WRITE, ctx -> {
      CallConsentRequest r = Bodies.json(ctx, CallConsentRequest.class);
      Instant expires = Bodies.instant("expiresAt", r.expiresAt());
      if (expires != null && !expires.isAfter(suppressions.clock().instant())) {
        throw ApiException.badRequest("expiresAt must be in the future");
      }
      return reply(suppressions.grantCallConsent(phoneKey(r.phone()), expires, actor(ctx)));
    });
    e.json(DELETE, "/v1/call-consents", Scope.SUPPRESSION_WRITE, ctx -> {
      CallConsentRevocation r = Bodies.json(ctx, CallConsentRevocation.class);
      return reply(suppressions.revokeCallConsent(phoneKey(r.phone()), actor(ctx)));
    });
    e.json(POST, "/v1/do-not-repeat", Scope.SUPPRESSION_WRITE, ctx -> {
      DoNotRepeatRequest r = Bodies.json(ctx, DoNotRepeatRequest.class);
      List<String> partners = partners(r);
      return reply(suppressions.doNotRepeat(subjectKey(r.email()), partners, Boolean.TRUE.equals(r.allPartners()), actor(ctx)));
    });
    e.json(DELETE, "/v1/do-not-repeat", Scope.SUPPRESSION_WRITE, ctx -> {
      DoNotRepeatRequest r = Bodies.json(ctx, DoNotRepeatRequest.class);
      List<String> partners = partners(r);
      return reply(suppressions.liftDoNotRepeat(subjectKey(r.email()), partners, Boolean.TRUE.equals(r.allPartners()), actor(ctx)));
    });
    e.json(POST, "/v1/re-consent", Scope.SUPPRESSION_WRITE, ctx -> {
      ReConsentRequest r = Bodies.json(ctx, ReConsentRequest.class);
      boolean calls = Boolean.TRUE.equals(r.calls());
      Set<Channel> channels = channels(r.channels(), !calls);
      Instant expires = Bodies.instant("callConsentExpiresAt", r.callConsentExpiresAt());
      return reply(suppressions.reConsent(subject(r.email(), r.phone()), channels, calls, expires, actor(ctx)));
    });
  }

  static String actor(io.javalin.http.Context ctx) {
    return Endpoints.apiKey(ctx).id();
  }

  private Subject subject(String email, String phone) {
    if (email == null && phone == null) {
      throw ApiException.badRequest("give an email, a phone, or both");
    }
    return Subject.of(keys, email, phone);
  }

  private String phoneKey(String phone) {
    if (phone == null) {
      throw ApiException.badRequest("phone is required");
    }
    return keys.ofPhone(phone);
  }

  private String subjectKey(String email) {
    if (email == null) {
      throw ApiException.badRequest("email is required: do-not-repeat lists are kept per person");
    }
    return keys.ofEmail(email);
  }

  private static Set<Channel> channels(List<Channel> channels, boolean required) {
    if (channels == null || channels.isEmpty()) {
      if (required) {
        throw ApiException.badRequest("channels must name at least one of " + List.of(Channel.values()));
      }
      return EnumSet.noneOf(Channel.class);
    }
    if (channels.contains(null)) {
      throw ApiException.badRequest("channels must not contain null");
    }
    return EnumSet.copyOf(channels);
  }

  private static List<String> partners(DoNotRepeatRequest r) {
    List<String> ids = r.partnerIds() == null ? List.of() : r.partnerIds();
    boolean all = Boolean.TRUE.equals(r.allPartners());
    if (ids.isEmpty() && !all) {
      throw ApiException.badRequest("give partnerIds or \"allPartners\": true");
    }
    if (ids.size() > 1000) {
      throw ApiException.badRequest("at most 1000 partnerIds per request");
    }
    for (String id : ids) {
      if (!Topics.isValidPartnerId(id)) {
        throw ApiException.badRequest("partnerIds must be lower-case letters, digits and '-' (1-63 characters)");
      }
    }
    return ids;
  }

  /** The answer to every write: T, and the keys written. */
  public static Reply reply(Written w) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("acknowledgedAt", w.acknowledgedAt().toString());
    body.put(
        "records",
        w.records().stream()
            .map(r -> Map.of("topic", r.topic(), "key", r.key(), "tombstone", r.tombstone(), "acknowledgedAt", r.acknowledgedAt().toString()))
            .toList());
    return Reply.ok(body);
  }
}
