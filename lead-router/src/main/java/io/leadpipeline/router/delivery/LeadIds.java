package io.leadpipeline.router.delivery;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic ids, so a redelivery or a replay is recognisable as the same lead. Notice ids:
 * {@code io.leadpipeline.identity.NoticeIds}.
 */
public final class LeadIds {
  private LeadIds() {}

  public static String of(String enquiryId, String partnerId) {
    return UUID.nameUUIDFromBytes(
            ("lead:" + enquiryId + ":" + partnerId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
