package io.leadpipeline.suppression.access;

import java.util.Arrays;
import java.util.Optional;

/** What an API key may do. Each route needs exactly one scope. */
public enum Scope {
  /** Opt-outs, do-not-call, call consents, do-not-repeat, re-consent. */
  SUPPRESSION_WRITE("suppression:write"),
  /** Uploading TPS and CTPS register files. */
  TPS_WRITE("tps:write"),
  /** Data-subject access reports. */
  DSAR_READ("dsar:read"),
  /** Data-subject erasure. */
  DSAR_ERASE("dsar:erase"),
  /** Data-subject rectification: corrected contact details, passed on to partners. */
  DSAR_RECTIFY("dsar:rectify");

  private final String label;

  Scope(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Optional<Scope> fromLabel(String label) {
    return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst();
  }
}
