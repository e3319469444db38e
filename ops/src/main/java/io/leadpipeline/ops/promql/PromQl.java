package io.leadpipeline.ops.promql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the vector selectors of a PromQL expression, so the names and labels the dashboard and
 * alerts use can be checked against the metric catalogue. Syntax errors are promtool's job: this
 * only has to tell metric names from functions, keywords, label lists, strings and durations.
 */
public final class PromQl {
  /** Followed by a parenthesised list of label names, not by an expression. */
  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

  /** Two-character operators first, so "=~" is not read as "=". */
  private static final List<String> OPERATORS = List.of("=~", "!~", "!=", "=");

  private PromQl() {}

  public static List<Selector> selectors(String expr) {
    List<Selector> found = new ArrayList<>();
    int i = 0;
    int n = expr.length();
    while (i < n) {
      char c = expr.charAt(i);
      if (c == '#') {
        i = lineEnd(expr, i);
      } else if (isQuote(c)) {
        i = stringEnd(expr, i);
      } else if (c == '[') {
        // A range or subquery: durations and ':' only.
        i = closing(expr, i, '[', ']') + 1;
      } else if (c == '{') {
        throw new IllegalArgumentException(
            "selector without a metric name at offset " + i + " of: " + expr);
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
        // Numbers and durations (1e3, 0x1f, 5m, 1h30m).
        while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.' || expr.charAt(i) == '_')) {
          i++;
        }
      } else if (isIdentifierStart(c)) {
        int start = i;
        while (i < n && isIdentifierPart(expr.charAt(i))) {
          i++;
        }
        String word = expr.substring(start, i);
        String lower = word.toLowerCase(Locale.ROOT);
        int next = skipSpaces(expr, i);
        boolean parenthesis = next < n && expr.charAt(next) == '(';
        // "sum by (le) (...)": an aggregation whose grouping comes before its argument.
        boolean groupingFollows = Set.of("by", "without").contains(wordAt(expr, next).toLowerCase(Locale.ROOT));
        if (LABEL_LIST_KEYWORDS.contains(lower)) {
          if (parenthesis) {
            i = closing(expr, next, '(', ')') + 1;
          }
        } else if (KEYWORDS.contains(lower) || parenthesis || groupingFollows) {
          // A keyword, or a function or aggregation being called.
          continue;
        } else if (next < n && expr.charAt(next) == '{') {
          int end = closing(expr, next, '{', '}');
          found.add(new Selector(word, matchers(expr.substring(next + 1, end))));
          i = end + 1;
        } else {
          found.add(new Selector(word, List.of()));
        }
      } else {
        i++;
      }
    }
    return found;
  }

  private static List<Selector.Matcher> matchers(String body) {
    List<Selector.Matcher> matchers = new ArrayList<>();
    int i = 0;
    int n = body.length();
    while (i < n) {
      i = skipSpaces(body, i);
      if (i >= n) {
        break;
      }
      if (body.charAt(i) == ',') {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isIdentifierPart(body.charAt(i))) {
        i++;
      }
      String label = body.substring(start, i);
      if (label.isEmpty()) {
        throw new IllegalArgumentException("cannot read label matchers {" + body + "}");
      }
      i = skipSpaces(body, i);
      String op = OPERATORS.stream().filter(body.substring(i)::startsWith).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no matcher operator in {" + body + "}"));
      i = skipSpaces(body, i + op.length());
      if (i >= n || !isQuote(body.charAt(i))) {
        throw new IllegalArgumentException("label value is not a string in {" + body + "}");
      }
      int end = stringEnd(body, i);
      matchers.add(new Selector.Matcher(label, op, body.substring(i + 1, end - 1)));
      i = end;
    }
    return matchers;
  }

  /** Index of the bracket closing the one at {@code open}, skipping strings. */
  private static int closing(String s, int open, char opening, char closing) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isQuote(c)) {
        i = stringEnd(s, i) - 1;
      } else if (c == opening) {
        depth++;
      } else if (c == closing && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced '" + opening + "' in: " + s);
  }

  /** Index just after the string literal starting at {@code start}. */
  private static int stringEnd(String s, int start) {
    char quote = s.charAt(start);
    for (int i = start + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quote != '`') {
        i++;
      } else if (c == quote) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unterminated string in: " + s);
  }

  private static String wordAt(String s, int i) {
    int end = i;
    while (end < s.length() && isIdentifierPart(s.charAt(end))) {
      end++;
    }
    return s.substring(i, end);
  }

  private static int lineEnd(String s, int i) {
    int end = s.indexOf('\n', i);
    return end < 0 ? s.length() : end + 1;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'' || c == '`';
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
  }
}
