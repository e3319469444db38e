package io.leadpipeline.suppression.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.TestService;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preference form is a read (the page) and a later write (the post): an unticked box may
 * lift only a choice the page showed ticked, so an opt-out made after the page was opened
 * survives the post of that page.
 */
class PreferencesFormTest {
  private static final String EMAIL = "form@example.com";
  private final SubjectKeys keys = new SubjectKeys(TestService.SUBJECT_SECRET);
  @TempDir Path state;
  private TestService t;

  @BeforeEach
  void start() {
    t = new TestService(state, 1000, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private String token() {
    String query = URI.create(t.service.preferencesUrl(EMAIL)).getRawQuery();
    return URLDecoder.decode(query.substring("token=".length()), StandardCharsets.UTF_8);
  }

  private HttpResponse<String> post(String form) throws Exception {
    return t.send("POST", "/preferences", null, form, Map.of("Content-Type", "application/x-www-form-urlencoded"));
  }

  private ContactPreferences held() {
    return t.view.preferences().get(keys.ofEmail(EMAIL)).orElseThrow();
  }

  @Test
  void aFormOpenedBeforeAnUnsubscribeDoesNotUndoIt() throws Exception {
    String token = token();
    HttpResponse<String> page = t.send("GET", "/preferences?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), null, null, Map.of());
    assertThat(page.body()).doesNotContain("name=\"shown\""); // nothing ticked when opened

    // Meanwhile the person clicks "unsubscribe" in an email.
    assertThat(t.send("POST", "/unsubscribe?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), null,
        "List-Unsubscribe=One-Click", Map.of("Content-Type", "application/x-www-form-urlencoded")).statusCode()).isEqualTo(200);

    // Then posts the page opened before, having ticked SMS only.
    assertThat(post("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&sms=on").statusCode()).isEqualTo(200);

    assertThat(held().getEmailMarketingOptOutAt()).as("the unsubscribe made after the page was opened").isNotNull();
    assertThat(held().getSmsOptOutAt()).isNotNull();
  }

  @Test
  void aBoxShownTickedAndUntickedAllowsContactAgain() throws Exception {
    String token = token();
    String enc = URLEncoder.encode(token, StandardCharsets.UTF_8);
    assertThat(post("token=" + enc + "&emailMarketing=on&sms=on").statusCode()).isEqualTo(200);
    HttpResponse<String> page = t.send("GET", "/preferences?token=" + enc, null, null, Map.of());
    assertThat(page.body()).contains("name=\"shown\" value=\"emailMarketing\"", "name=\"shown\" value=\"sms\"");

    assertThat(post("token=" + enc + "&shown=emailMarketing&shown=sms&sms=on").statusCode()).isEqualTo(200);

    assertThat(held().getEmailMarketingOptOutAt()).isNull();
    assertThat(held().getSmsOptOutAt()).isNotNull();
  }
}
