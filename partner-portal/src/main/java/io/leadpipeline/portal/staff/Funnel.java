package io.leadpipeline.portal.staff;

import java.util.ArrayList;
import java.util.List;

/**
 * One partner's funnel for the broker's staff (docs/partner-portal.md §7): introduced → accepted
 * (outright or by the window closing) → viewing → signed → fee. Rates are in tenths of a percent,
 * worked out in integers.
 */
public record Funnel(
    String partnerId, int introduced, int accepted, int rejected, int pending, int viewing, int signed, long feePence) {

  /** Accepted of those answered or whose window closed; empty before any. */
  public String acceptanceRate() {
    return rate(accepted, accepted + rejected);
  }

  /** Signed of those accepted. */
  public String placementRate() {
    return rate(signed, accepted);
  }

  static String rate(long part, long whole) {
    if (whole == 0) {
      return "–";
    }
    long permille = (part * 1000 + whole / 2) / whole;
    return permille / 10 + "." + permille % 10 + "%";
  }

  /** A bar of the chart, in SVG user units. */
  public record Bar(int x, int y, int width, int height, String fill, String label, int labelX, int labelY) {}

  public static final List<String> STAGES = List.of("introduced", "accepted", "viewing", "signed");
  private static final List<String> FILLS = List.of("#5b7f95", "#0b6e3e", "#b36b00", "#0b3d2e");
  public static final int ROW_HEIGHT = 92;
  public static final int LEFT = 190;
  public static final int WIDTH = 760;

  int stage(int i) {
    return switch (i) {
      case 0 -> introduced;
      case 1 -> accepted;
      case 2 -> viewing;
      default -> signed;
    };
  }

  /** Every partner's bars, one row per partner, scaled to the largest number of introductions. */
  public static List<Bar> bars(List<Funnel> funnels) {
    int max = Math.max(1, funnels.stream().mapToInt(Funnel::introduced).max().orElse(1));
    List<Bar> bars = new ArrayList<>();
    for (int row = 0; row < funnels.size(); row++) {
      Funnel f = funnels.get(row);
      for (int i = 0; i < STAGES.size(); i++) {
        int y = 10 + row * ROW_HEIGHT + i * 20;
        int w = (int) ((long) f.stage(i) * (WIDTH - LEFT - 60) / max);
        bars.add(new Bar(LEFT, y, Math.max(w, 1), 16, FILLS.get(i), STAGES.get(i) + " " + f.stage(i), LEFT + Math.max(w, 1) + 6, y + 13));
      }
    }
    return bars;
  }

  public static int height(List<Funnel> funnels) {
    return Math.max(1, funnels.size()) * ROW_HEIGHT + 10;
  }
}
