package io.leadpipeline.suppression.dsar;

import io.leadpipeline.avro.RoutingDecision;
import java.util.ArrayList;
import java.util.List;

/**
 * Which fields of the person a partner received with a lead: the {@code Lead} record's contents,
 * with the phone only when calling was permitted (the router's data minimisation).
 */
public final class SharedFields {
  private SharedFields() {}

  public static List<String> of(RoutingDecision d) {
    List<String> fields =
        new ArrayList<>(
            List.of(
                "contact.fullName",
                "contact.company",
                "contact.email",
                "requirements",
                "site",
                "submittedAt",
                "marketingPermitted"));
    if (d.getCall().getPermitted()) {
      fields.add(3, "contact.phone");
    }
    return fields;
  }
}
