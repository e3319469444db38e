package io.leadpipeline.router.validation;

import java.util.Optional;

/**
 * Free text a partner's CRM, terminal, browser or CSV export would misread: names, companies and
 * cities are one line of visible characters in any script. A value is refused when it holds a
 * code point of one of these Unicode general categories:
 *
 * <ul>
 *   <li>Cc, controls: NUL, ESC (terminal escapes), CR, LF, TAB, DEL, C1 controls such as NEL; and
 *       Zl/Zp, the Unicode line and paragraph separators. A field is one line: a line break lets a
 *       value forge a header or a CSV row.
 *   <li>Cf, format characters: bidi overrides, embeddings, isolates and marks (U+202A–U+202E,
 *       U+2066–U+2069, U+200E/F, U+061C), zero-width space and word joiner, soft hyphen, BOM,
 *       tag characters. They reorder or hide text ("Ada \u202Egnp.exe" shows as "Ada exe.png"),
 *       so what a partner reads is not what was typed. Zero-width characters are refused too:
 *       they make two names that look the same differ, and nobody types them in a form. The only
 *       exceptions are ZWNJ and ZWJ (U+200C, U+200D), which Persian, Indic scripts and emoji
 *       sequences need to be spelt correctly and which cannot reorder text.
 *   <li>Cs (a lone surrogate: broken UTF-16), Co (private use: means nothing outside one vendor's
 *       font) and Cn (unassigned in the JDK's Unicode version, including the noncharacters). A
 *       character newer than the JDK is refused too: rare in a name, and the dead letter can be
 *       replayed after an upgrade.
 * </ul>
 *
 * Everything else stays valid: letters and marks of every script, accents, apostrophes, hyphens,
 * punctuation, symbols, spaces.
 */
public final class FreeText {
  private static final int ZWNJ = 0x200C;
  private static final int ZWJ = 0x200D;

  private FreeText() {}

  /**
   * What is wrong with {@code text}, in words that name the character's code point but never
   * quote the text (it is personal data); empty when it is acceptable or null.
   */
  public static Optional<String> problem(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      String kind = kind(cp);
      if (kind != null) {
        return Optional.of(String.format("%s (U+%04X)", kind, cp));
      }
      i += Character.charCount(cp);
    }
    return Optional.empty();
  }

  private static String kind(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL -> "a control character";
      case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "a line break";
      case Character.FORMAT -> cp == ZWNJ || cp == ZWJ ? null : "an invisible or bidi format character";
      case Character.SURROGATE -> "a lone surrogate";
      case Character.PRIVATE_USE -> "a private-use character";
      case Character.UNASSIGNED -> "an unassigned code point";
      default -> null;
    };
  }
}
