package io.leadpipeline.suppression.preferences;

import io.leadpipeline.avro.ContactPreferences;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * How a change merges into a person's standing {@link ContactPreferences}. Pure functions: the
 * caller reads the current record, applies one of these and writes the result (or a tombstone
 * for {@code Optional.empty()}).
 */
public final class PreferenceRules {
  private PreferenceRules() {}

  /**
   * Opts out of the channels. An existing opt-out keeps its original time: the person has been
   * opted out since then, and the router's as-of lookups rely on it.
   */
  public static ContactPreferences optOut(
      ContactPreferences current, Set<Channel> channels, Instant at, String source) {
    ContactPreferences.Builder b = builder(current, at, source);
    for (Channel c : Channel.expand(channels)) {
      switch (c) {
        case EMAIL_MARKETING -> b.setEmailMarketingOptOutAt(earliest(b.getEmailMarketingOptOutAt(), at));
        case PHONE_MARKETING -> b.setPhoneMarketingOptOutAt(earliest(b.getPhoneMarketingOptOutAt(), at));
        case SMS -> b.setSmsOptOutAt(earliest(b.getSmsOptOutAt(), at));
        default -> throw new IllegalStateException("expanded: " + c);
      }
    }
    return b.build();
  }

  /**
   * Records a do-not-call at {@code at}. Unlike opt-outs it always moves to the newest time: the
   * router withholds the phone when the do-not-call is newer than the newest call consent, so a
   * repeated request must beat a consent given in between.
   */
  public static ContactPreferences doNotCall(ContactPreferences current, Instant at, String source) {
    return builder(current, at, source).setDoNotCallAt(at).build();
  }

  /**
   * The person opts back in to the channels (and to calls when {@code calls}). Empty when nothing
   * is left to record: the record is then removed.
   */
  public static Optional<ContactPreferences> reConsent(
      ContactPreferences current, Set<Channel> channels, boolean calls, Instant at, String source) {
    if (current == null) {
      return Optional.empty();
    }
    ContactPreferences.Builder b = builder(current, at, source);
    for (Channel c : Channel.expand(channels)) {
      switch (c) {
        case EMAIL_MARKETING -> b.setEmailMarketingOptOutAt(null);
        case PHONE_MARKETING -> b.setPhoneMarketingOptOutAt(null);
        case SMS -> b.setSmsOptOutAt(null);
        default -> throw new IllegalStateException("expanded: " + c);
      }
    }
    if (calls) {
      b.setDoNotCallAt(null);
    }
    ContactPreferences next = b.build();
    return suppressesAnything(next) ? Optional.of(next) : Optional.empty();
  }

  /**
   * What an unreadable record is taken to have said when an objection merges onto it: opted out
   * of every channel and not to be called, from {@code at} (its own times are unknown), so no
   * choice it held is lost.
   */
  public static ContactPreferences mostRestrictive(Instant at, String source) {
    return ContactPreferences.newBuilder()
        .setEmailMarketingOptOutAt(at)
        .setPhoneMarketingOptOutAt(at)
        .setSmsOptOutAt(at)
        .setDoNotCallAt(at)
        .setUpdatedAt(at)
        .setSource(source)
        .build();
  }

  /** True when the record stops some contact: the minimal marker an erasure keeps. */
  public static boolean suppressesAnything(ContactPreferences p) {
    return p != null
        && (p.getEmailMarketingOptOutAt() != null
            || p.getPhoneMarketingOptOutAt() != null
            || p.getSmsOptOutAt() != null
            || p.getDoNotCallAt() != null);
  }

  /** The channels currently opted out, for the preference page and the access report. */
  public static Set<Channel> optedOut(ContactPreferences p) {
    Set<Channel> out = java.util.EnumSet.noneOf(Channel.class);
    if (p != null) {
      if (p.getEmailMarketingOptOutAt() != null) {
        out.add(Channel.EMAIL_MARKETING);
      }
      if (p.getPhoneMarketingOptOutAt() != null) {
        out.add(Channel.PHONE_MARKETING);
      }
      if (p.getSmsOptOutAt() != null) {
        out.add(Channel.SMS);
      }
    }
    return out;
  }

  private static ContactPreferences.Builder builder(ContactPreferences current, Instant at, String source) {
    ContactPreferences.Builder b =
        current == null ? ContactPreferences.newBuilder() : ContactPreferences.newBuilder(current);
    return b.setUpdatedAt(at).setSource(source);
  }

  private static Instant earliest(Instant existing, Instant at) {
    return existing == null || at.isBefore(existing) ? at : existing;
  }
}
