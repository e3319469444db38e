package io.leadpipeline.reliability.generators;

import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Arrays;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * String and byte generators the fuzz tests share, in the shapes QuickTheories lacks: text drawn
 * from a given alphabet (generated as a list of characters, so a failure shrinks to fewer and
 * earlier characters) and text of any character in the Basic Multilingual Plane.
 *
 * <p>Lengths and bytes lean toward the edges: a third of the draws are at most {@value #SHORT}
 * longer than the minimum, and a quarter of the bytes are 0, ±1 or the extremes. Drawn uniformly,
 * 2,000 byte arrays of up to 255 bytes hold almost none of the one-to-four-byte records, starting
 * with the magic byte 0, that break a decoder which forgets to check the header's length.
 */
public final class Text {
  private static final int SHORT = 8;

  private Text() {}

  /** Strings of {@code min}..{@code max} characters, each one of {@code alphabet}'s. */
  public static Gen<String> from(String alphabet, int min, int max) {
    List<Character> chars = alphabet.chars().mapToObj(c -> (char) c).toList();
    return lists().of(Generate.pick(chars)).ofSizes(lengths(min, max)).map(Text::join);
  }

  /** Strings of {@code min}..{@code max} letters a–z and A–Z. */
  public static Gen<String> alpha(int min, int max) {
    return from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min, max);
  }

  /** Strings of {@code min}..{@code max} of any character (control characters and lone surrogates included). */
  public static Gen<String> any(int min, int max) {
    return Generate.frequency(
        Pair.of(1, strings().basicMultilingualPlaneAlphabet().ofLengthBetween(min, Math.min(max, min + SHORT))),
        Pair.of(2, strings().basicMultilingualPlaneAlphabet().ofLengthBetween(min, max)));
  }

  /** Any byte. */
  public static Gen<Byte> bytes() {
    return Generate.frequency(
        Pair.of(1, Generate.pick(List.of((byte) 0, (byte) 1, (byte) -1, Byte.MAX_VALUE, Byte.MIN_VALUE))),
        Pair.of(3, Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)));
  }

  /** Byte arrays of {@code min}..{@code max} bytes. */
  public static Gen<byte[]> byteArrays(int min, int max) {
    return Generate.byteArrays(lengths(min, max), bytes()).describedAs(Arrays::toString);
  }

  /** Lengths from {@code min} to {@code max}, a third of them short. */
  static Gen<Integer> lengths(int min, int max) {
    return Generate.frequency(
        Pair.of(1, Generate.range(min, Math.min(max, min + SHORT))),
        Pair.of(2, Generate.range(min, max)));
  }

  private static String join(List<Character> chars) {
    StringBuilder b = new StringBuilder(chars.size());
    chars.forEach(b::append);
    return b.toString();
  }
}
