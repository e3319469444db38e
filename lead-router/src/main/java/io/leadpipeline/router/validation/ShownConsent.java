package io.leadpipeline.router.validation;

import io.leadpipeline.avro.ConsentShown;
import io.leadpipeline.avro.ConsentWording;
import io.leadpipeline.avro.PartnerKind;
import java.util.List;

/**
 * The marketing consent wordings the person saw beside each box (docs/enquiry-contract.md §1).
 * Either may be null: no wording shown for that channel, which names nobody.
 */
public record ShownConsent(Wording email, Wording phone) {
  public static final ShownConsent NONE = new ShownConsent(null, null);

  /** One wording and the recipients it named, by partner id or by category. */
  public record Wording(
      String wordingId, String wordingVersion, List<String> recipientIds, List<PartnerKind> recipientCategories) {
    public Wording {
      recipientIds = recipientIds == null ? List.of() : List.copyOf(recipientIds);
      recipientCategories = recipientCategories == null ? List.of() : List.copyOf(recipientCategories);
    }

    public boolean names(String partnerId, PartnerKind kind) {
      return recipientIds.contains(partnerId) || recipientCategories.contains(kind);
    }
  }

  /** Null (a site that sends only the booleans) reads as no wording on either channel. */
  static ShownConsent of(ConsentShown shown) {
    return shown == null ? NONE : new ShownConsent(wording(shown.getEmail()), wording(shown.getPhone()));
  }

  private static Wording wording(ConsentWording w) {
    return w == null
        ? null
        : new Wording(w.getWordingId().strip(), w.getWordingVersion().strip(), w.getRecipientIds(),
            w.getRecipientCategories());
  }
}
