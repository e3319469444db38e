package io.leadpipeline.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubjectKeysTest {
  private final SubjectKeys keys = new SubjectKeys("a-test-secret-of-32-characters!!");

  @Test
  void theSameEmailWrittenDifferentlyHasOneKey() {
    assertThat(keys.ofEmail("  Ada@Example.COM ")).isEqualTo(keys.ofEmail("ada@example.com"));
  }

  @Test
  void theSamePhoneWrittenDifferentlyHasOneKey() {
    assertThat(keys.ofPhone("020 7946 0018"))
        .isEqualTo(keys.ofPhone("+44 20 7946 0018"))
        .isEqualTo(keys.ofE164("+442079460018"));
  }

  @Test
  void keysAreHexHmacsThatDependOnTheSecret() {
    String key = keys.ofEmail("ada@example.com");
    assertThat(key).matches("[0-9a-f]{64}");
    assertThat(new SubjectKeys("another-secret-of-32-characters!").ofEmail("ada@example.com"))
        .isNotEqualTo(key);
  }

  @Test
  void emailsAndPhonesLiveInSeparateKeySpaces() {
    assertThat(keys.ofE164("+442079460018")).isNotEqualTo(keys.ofEmail("+442079460018@x.io"));
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> new SubjectKeys("short")).isInstanceOf(IllegalArgumentException.class);
  }
}
