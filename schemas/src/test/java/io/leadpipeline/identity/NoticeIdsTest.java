package io.leadpipeline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NoticeIdsTest {
  @Test
  void aChangeNoticeIdDependsOnItsLeadsButNotTheirOrder() {
    String id = NoticeIds.change("DO_NOT_CALL", "acme", 5, List.of("l-1", "l-2"));
    assertThat(NoticeIds.change("DO_NOT_CALL", "acme", 5, List.of("l-2", "l-1"))).isEqualTo(id);
    assertThat(NoticeIds.change("DO_NOT_CALL", "acme", 5, List.of("l-1"))).isNotEqualTo(id);
    assertThat(NoticeIds.change("DO_NOT_CALL", "acme", 6, List.of("l-1", "l-2"))).isNotEqualTo(id);
    assertThat(NoticeIds.change("MARKETING_OPT_OUT", "acme", 5, List.of("l-1", "l-2"))).isNotEqualTo(id);
  }

  @Test
  void anErasureNoticeIdIsOnePerPartnerAndRequest() {
    String id = NoticeIds.erasure("acme", "k", 7);
    assertThat(NoticeIds.erasure("acme", "k", 7)).isEqualTo(id);
    assertThat(NoticeIds.erasure("beta", "k", 7)).isNotEqualTo(id);
    assertThat(NoticeIds.erasure("acme", "k", 8)).isNotEqualTo(id);
  }
}
