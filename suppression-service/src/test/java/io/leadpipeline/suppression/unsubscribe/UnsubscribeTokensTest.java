package io.leadpipeline.suppression.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.identity.SubjectKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UnsubscribeTokensTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private final SubjectKeys keys = new SubjectKeys("subject-key-secret-for-tests");
  private final String subject = keys.ofEmail("Person@Example.com");
  private final UnsubscribeTokens tokens = tokens(NOW);

  private static UnsubscribeTokens tokens(Instant now) {
    return new UnsubscribeTokens("token-secret-for-tests", Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void anIssuedTokenVerifiesToItsSubjectKeyUntilItExpires() {
    String token = tokens.issue(subject);
    assertThat(tokens.verify(token))
        .isEqualTo(new UnsubscribeTokens.Verification.Valid(subject, NOW.plus(Duration.ofDays(30))));
    assertThat(tokens(NOW.plus(Duration.ofDays(29))).verify(token))
        .isInstanceOf(UnsubscribeTokens.Verification.Valid.class);
    assertThat(tokens(NOW.plus(Duration.ofDays(30))).verify(token))
        .isInstanceOf(UnsubscribeTokens.Verification.Expired.class);
  }

  @Test
  void theTokenNeverCarriesTheEmail() {
    assertThat(tokens.issue(subject)).doesNotContainIgnoringCase("person").doesNotContain("example");
  }

  @Test
  void anyTamperingIsRejected() {
    String token = tokens.issue(subject);
    String[] parts = token.split("\\.");
    String otherSubject = keys.ofEmail("someone.else@example.com");
    assertThat(tokens.verify(parts[0] + "." + otherSubject + "." + parts[2] + "." + parts[3]))
        .isInstanceOf(UnsubscribeTokens.Verification.Invalid.class);
    long later = Long.parseLong(parts[2]) + 86_400 * 365;
    assertThat(tokens.verify(parts[0] + "." + parts[1] + "." + later + "." + parts[3]))
        .isInstanceOf(UnsubscribeTokens.Verification.Invalid.class);
    char last = token.charAt(token.length() - 1);
    assertThat(tokens.verify(token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A')))
        .isInstanceOf(UnsubscribeTokens.Verification.Invalid.class);
  }

  @Test
  void aTokenSignedWithAnotherSecretIsRejected() {
    UnsubscribeTokens other =
        new UnsubscribeTokens("a-different-secret-value", Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(tokens.verify(other.issue(subject))).isInstanceOf(UnsubscribeTokens.Verification.Invalid.class);
  }

  @Test
  void garbageIsRejectedWithoutThrowing() {
    for (String junk :
        new String[] {null, "", ".", "v1...", "v1.x.y.z", "v2." + subject + ".1.AAAA", "\u0000\u202e", "v1." + subject + ".99999999999999.AAAA", "x".repeat(10_000)}) {
      assertThat(tokens.verify(junk)).as(String.valueOf(junk)).isInstanceOf(UnsubscribeTokens.Verification.Invalid.class);
    }
  }

  @Test
  void shortSecretsAreRefused() {
    assertThatThrownBy(() -> new UnsubscribeTokens("short", Duration.ofDays(1), Clock.systemUTC()))
        .hasMessageContaining("16 bytes");
  }
}
