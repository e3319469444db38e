package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.TpsLoad;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The TPS and CTPS register loads a number was screened against (docs/enquiry-contract.md §3):
 * the newest load of each register the phone stage saw when it looked the number up.
 *
 * @param required the register check is on: a call then needs a load of every register no older
 *     than {@link #MAX_AGE}
 */
public record ScreenedRegisters(boolean required, List<Load> loads) {
  /** A register older than this at the enquiry's time cannot clear a number for calls. */
  public static final Duration MAX_AGE = Duration.ofDays(CallPermission.TPS_DAYS);

  public ScreenedRegisters {
    loads = loads == null ? List.of() : List.copyOf(loads);
  }

  /** One completed load of a register file. */
  public record Load(Register register, String loadId, String file, long loadedAt) {
    /** Loads written before {@code loadId} existed are identified by register and load time. */
    public static Load of(TpsLoad l) {
      String id = l.getLoadId() != null ? l.getLoadId() : l.getRegister() + "@" + l.getLoadedAt();
      return new Load(l.getRegister(), id, l.getFile(), l.getLoadedAt().toEpochMilli());
    }
  }

  /** The load time of each register's load, for the freshness check. */
  public Map<Register, Long> loadedAt() {
    Map<Register, Long> at = new EnumMap<>(Register.class);
    loads.forEach(l -> at.put(l.register(), l.loadedAt()));
    return at;
  }

  /** True when the check is on and some register's newest load is missing or older than 28 days at t. */
  public boolean outOfDateAt(long t) {
    if (!required) {
      return false;
    }
    for (Register r : Register.values()) {
      Load load = loads.stream().filter(l -> l.register() == r).findFirst().orElse(null);
      if (load == null || t - load.loadedAt() > MAX_AGE.toMillis()) {
        return true;
      }
    }
    return false;
  }
}
