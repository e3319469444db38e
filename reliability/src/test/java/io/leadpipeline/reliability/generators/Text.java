package io.leadpipeline.reliability.generators;

import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Arrays;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * String and byte generators the fuzz tests share, in the shapes QuickTheories lacks: text drawn
 * from a given alphabet (generated as a list of characters, so a failure shrinks to fewer and
 * earlier characters) and text of any character in the Basic Multilingual Plane.
 */
public final class Text {
  private Text() {}

  /** Strings of {@code min}..{@code max} characters, each one of {@code alphabet}'s. */
  public static Gen<String> from(String alphabet, int min, int max) {
    List<Character> chars = alphabet.chars().mapToObj(c -> (char) c).toList();
    return lists().of(Generate.pick(chars)).ofSizeBetween(min, max).map(Text::join);
  }

  /** Strings of {@code min}..{@code max} letters a–z and A–Z. */
  public static Gen<String> alpha(int min, int max) {
    return from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min, max);
  }

  /** Strings of {@code min}..{@code max} of any character (control characters and lone surrogates included). */
  public static Gen<String> any(int min, int max) {
    return strings().basicMultilingualPlaneAlphabet().ofLengthBetween(min, max);
  }

  /** Any byte. */
  public static Gen<Byte> bytes() {
    return Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
  }

  /** Byte arrays of {@code min}..{@code max} bytes. */
  public static Gen<byte[]> byteArrays(int min, int max) {
    return Generate.byteArrays(Generate.range(min, max), bytes()).describedAs(Arrays::toString);
  }

  private static String join(List<Character> chars) {
    StringBuilder b = new StringBuilder(chars.size());
    chars.forEach(b::append);
    return b.toString();
  }
}
