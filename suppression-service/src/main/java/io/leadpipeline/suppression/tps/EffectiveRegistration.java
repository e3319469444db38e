package io.leadpipeline.suppression.tps;

import io.leadpipeline.avro.Register;
import java.util.Optional;

/**
 * A number can be on both registers, but {@code suppression.tps} holds one record per phone key.
 * It holds the registration that bars calls soonest: the earlier date, TPS on a tie. So loading
 * one register never hides, or tombstones, the other's entry.
 */
public final class EffectiveRegistration {
  /** The record for one number: which register, and its packed entry. */
  public record Effective(Register register, long entry) {}

  private EffectiveRegistration() {}

  /** {@code tps} and {@code ctps} are packed entries for the same number, or -1 when absent. */
  public static Optional<Effective> of(long tps, long ctps) {
    if (tps == -1 && ctps == -1) {
      return Optional.empty();
    }
    if (ctps == -1) {
      return Optional.of(new Effective(Register.TPS, tps));
    }
    if (tps == -1) {
      return Optional.of(new Effective(Register.CTPS, ctps));
    }
    boolean ctpsEarlier = RegisterEntry.registeredOn(ctps).isBefore(RegisterEntry.registeredOn(tps));
    return Optional.of(ctpsEarlier ? new Effective(Register.CTPS, ctps) : new Effective(Register.TPS, tps));
  }

  /** Same as {@link #of(long, long)} with the entries given for {@code register} and the other. */
  public static Optional<Effective> of(Register register, long own, long other) {
    return register == Register.TPS ? of(own, other) : of(other, own);
  }
}
