package io.leadpipeline.suppression.preferences;

import java.util.EnumSet;
import java.util.Set;

/** A marketing channel a person can opt out of. {@code ALL_MARKETING} stands for the other three. */
public enum Channel {
  EMAIL_MARKETING,
  PHONE_MARKETING,
  SMS,
  ALL_MARKETING;

  /** The concrete channels named, with {@code ALL_MARKETING} expanded. */
  public static Set<Channel> expand(Set<Channel> channels) {
    Set<Channel> out = EnumSet.noneOf(Channel.class);
    for (Channel c : channels) {
      if (c == ALL_MARKETING) {
        out.addAll(EnumSet.of(EMAIL_MARKETING, PHONE_MARKETING, SMS));
      } else {
        out.add(c);
      }
    }
    return out;
  }
}
