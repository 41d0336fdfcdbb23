// The Decision Quad's label placement (web/src/features/team/quadLabels.ts).
// Boxes worked out by hand from the constants there: a label line is 12 px
// tall, its baseline 7 px from the dot's centre; dots keep 5 px around them.
import { describe, expect, it } from "vitest";
import { placeLabels } from "../web/src/features/team/quadLabels.js";

const AREA = { left: 0, top: 0, right: 500, bottom: 300 };

describe("placeLabels", () => {
  it("puts a lone label above its dot", () => {
    expect(placeLabels([{ x: 100, y: 100, width: 40 }], AREA)).toEqual([{ dx: 0, dy: -7, anchor: "middle" }]);
  });

  it("moves the second of two close dots' labels below, then to the side, then drops it", () => {
    // Dot A at (100,100): label above spans x 80–120, y 83–95.
    // Dot B at (110,100) (10 px right): above would span x 90–130, y 83–95 →
    // covers A's label; below (baseline 100+17=117) spans y 107–119, x 90–130
    // → free, and clear of A's dot (y 95–105).
    const two = placeLabels(
      [
        { x: 100, y: 100, width: 40 },
        { x: 110, y: 100, width: 40 },
      ],
      AREA,
    );
    expect(two[0]).toEqual({ dx: 0, dy: -7, anchor: "middle" });
    expect(two[1]).toEqual({ dx: 0, dy: 17, anchor: "middle" });

    // A third dot at (105,100): above and below are taken by A and B; right
    // (x 112–152, y 94–106) covers B's dot (x 105–115, y 95–105); left
    // (x 58–98, y 94–106) covers A's dot (x 95–105) → no label.
    const three = placeLabels(
      [
        { x: 100, y: 100, width: 40 },
        { x: 110, y: 100, width: 40 },
        { x: 105, y: 100, width: 40 },
      ],
      AREA,
    );
    expect(three[2]).toBeNull();
  });

  it("keeps labels inside the plot: a dot on the top edge is labelled below, one on the right edge to the left", () => {
    // (250,3): above would reach y −14 → outside; below fits.
    // (495,150) width 40: above spans x 475–515 → outside; below too; right
    // starts at 502 → outside; left spans 448–488 → inside.
    const placed = placeLabels(
      [
        { x: 250, y: 3, width: 40 },
        { x: 495, y: 150, width: 40 },
      ],
      AREA,
    );
    expect(placed[0]).toEqual({ dx: 0, dy: 17, anchor: "middle" });
    expect(placed[1]).toEqual({ dx: -7, dy: 4, anchor: "end" });
  });
});
