/**
 * Where the Decision Quad's name labels go. People cluster (often on the 100 %
 * efforts edge), and labels drawn over each other are unreadable, so each
 * label takes the first free spot around its dot — above, below, right, left —
 * and a person whose every spot is taken gets no label on the chart. Nothing
 * is lost: the dot keeps its tooltip and the list beside the chart names
 * everybody in each quadrant.
 *
 * Pure and in pixels: the chart passes each dot's position and the text's
 * estimated width; greedy in the given order (callers put the people a
 * manager looks for first — here, the order of the scorecard).
 */
export interface LabelDot {
  /** Centre of the dot, in pixels. */
  x: number;
  y: number;
  /** Estimated width of the label text, in pixels. */
  width: number;
}

export interface Placement {
  /** Where the text's anchor point goes, relative to the dot's centre. */
  dx: number;
  dy: number;
  anchor: "start" | "middle" | "end";
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const LINE = 12; // text height at the chart's 11 px font
const GAP = 7; // from the dot's centre to the text (dot radius + air)
const DOT = 5; // a dot's radius, kept free of other labels

const overlaps = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The text's box for a placement: (dx, dy) is the baseline's anchor point. */
function boxOf(dot: LabelDot, p: Placement): Box {
  const ax = dot.x + p.dx;
  const left = p.anchor === "start" ? ax : p.anchor === "end" ? ax - dot.width : ax - dot.width / 2;
  const baseline = dot.y + p.dy;
  return { left, right: left + dot.width, top: baseline - LINE + 2, bottom: baseline + 2 };
}

function candidates(): Placement[] {
  return [
    { dx: 0, dy: -GAP, anchor: "middle" }, // above
    { dx: 0, dy: GAP + LINE - 2, anchor: "middle" }, // below
    { dx: GAP, dy: LINE / 2 - 2, anchor: "start" }, // right
    { dx: -GAP, dy: LINE / 2 - 2, anchor: "end" }, // left
  ];
}

/**
 * One entry per dot, in order: its placement, or null when every spot would
 * cover another label, another dot, or leave the plot `area`.
 */
export function placeLabels(dots: LabelDot[], area: Box): (Placement | null)[] {
  const dotBoxes = dots.map((d) => ({
    left: d.x - DOT,
    right: d.x + DOT,
    top: d.y - DOT,
    bottom: d.y + DOT,
  }));
  const taken: Box[] = [];
  return dots.map((dot, i) => {
    for (const p of candidates()) {
      const b = boxOf(dot, p);
      const inside =
        b.left >= area.left && b.right <= area.right && b.top >= area.top && b.bottom <= area.bottom;
      if (!inside) continue;
      if (taken.some((t) => overlaps(t, b))) continue;
      if (dotBoxes.some((d, j) => j !== i && overlaps(d, b))) continue;
      taken.push(b);
      return p;
    }
    return null;
  });
}

/** A label's width at the chart's 11 px sans-serif: about 6 px per character. */
export const textWidth = (s: string) => Math.ceil(s.length * 6.2);
