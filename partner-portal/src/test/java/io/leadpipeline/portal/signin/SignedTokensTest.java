package io.leadpipeline.portal.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignedTokensTest {
  private static final String SECRET = "a-secret-of-sixteen-bytes-or-more";
  private static final Instant NOW = Instant.parse("2026-12-04T09:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final SignedTokens links = new SignedTokens("portal-link", 3, SECRET, clock);

  @Test
  void aTokenWeIssuedVerifiesWithItsFields() {
    String token = links.issue(Duration.ofMinutes(15), "link1", "acme", "k".repeat(64));
    assertThat(links.verify(token)).isInstanceOfSatisfying(
        SignedTokens.Verification.Valid.class,
        v -> assertThat(v.fields()).containsExactly("link1", "acme", "k".repeat(64)));
  }

  @Test
  void aTokenPastItsLifeIsExpiredNotInvalid() {
    String token = links.issue(Duration.ofMinutes(15), "link1", "acme", "actor");
    SignedTokens later = new SignedTokens("portal-link", 3, SECRET, Clock.fixed(NOW.plus(Duration.ofMinutes(15)), ZoneOffset.UTC));
    assertThat(later.verify(token)).isInstanceOf(SignedTokens.Verification.Expired.class);
  }

  @Test
  void changingThePartnerBreaksTheSignature() {
    String token = links.issue(Duration.ofMinutes(15), "link1", "acme", "actor");
    assertThat(links.verify(token.replace(".acme.", ".rival.")))
        .isInstanceOf(SignedTokens.Verification.Invalid.class);
  }

  @Test
  void aSignInLinkIsNotASessionCookie() {
    SignedTokens sessions = new SignedTokens("portal-session", 3, SECRET, clock);
    String link = links.issue(Duration.ofMinutes(15), "link1", "acme", "actor");
    assertThat(sessions.verify(link)).isInstanceOf(SignedTokens.Verification.Invalid.class);
  }

  @Test
  void anExpiredTokenWithAForgedSignatureIsInvalid() {
    String forged = "v1.link1.acme.actor.1.AAAA";
    assertThat(links.verify(forged)).isInstanceOf(SignedTokens.Verification.Invalid.class);
    assertThat(links.verify(null)).isInstanceOf(SignedTokens.Verification.Invalid.class);
    assertThat(links.verify("v1.a.b")).isInstanceOf(SignedTokens.Verification.Invalid.class);
  }
}
