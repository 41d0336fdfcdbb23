/** The Decision Quad: each salesperson placed by effortIndex × resultsIndex, with the threshold lines. */
import { Box } from "@mantine/core";
import { useNavigate } from "react-router";
import {
  CartesianGrid,
  Cell,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  usePlotArea,
  useXAxisScale,
  useYAxisScale,
  XAxis,
  YAxis,
} from "recharts";
import { QUADRANTS } from "./definitions";
import { pct, type Quadrant, type ScorecardPerson } from "./managing";
import { placeLabels, textWidth } from "./quadLabels";

const FILL: Record<Quadrant, string> = { Q1: "#0ca678", Q2: "#1c7ed6", Q3: "#f08c00", Q4: "#e03131" };

export function QuadChart(props: {
  people: ScorecardPerson[];
  idByEmail: Map<string, string>;
  effortThreshold: number;
  resultsThreshold: number;
}) {
  const navigate = useNavigate();
  const points = props.people
    .filter((p) => p.effortIndex !== null && p.resultsIndex !== null)
    .map((p) => ({ ...p, x: p.effortIndex!, y: p.resultsIndex!, id: props.idByEmail.get(p.email) }));
  const maxY = Math.max(props.resultsThreshold * 1.5, ...points.map((p) => p.y * 1.1));
  const yTop = Math.ceil(maxY * 2) / 2;
  const { effortThreshold: ex, resultsThreshold: ry } = props;
  const summary = (["Q1", "Q2", "Q3", "Q4"] as Quadrant[])
    .map((q) => `${q}: ${points.filter((p) => p.quadrant === q).length}`)
    .join(", ");
  return (
    <Box role="img" aria-label={`Decision Quad chart: ${summary}. The table beside it lists every person.`}>
      <ResponsiveContainer width="100%" height={360}>
        <ScatterChart margin={{ top: 16, right: 16, bottom: 24, left: 0 }} accessibilityLayer={false}>
          <ReferenceArea x1={ex} x2={1} y1={ry} y2={yTop} fill={FILL.Q1} fillOpacity={0.06} label="Q1" />
          <ReferenceArea x1={ex} x2={1} y1={0} y2={ry} fill={FILL.Q2} fillOpacity={0.06} label="Q2" />
          <ReferenceArea x1={0} x2={ex} y1={ry} y2={yTop} fill={FILL.Q3} fillOpacity={0.06} label="Q3" />
          <ReferenceArea x1={0} x2={ex} y1={0} y2={ry} fill={FILL.Q4} fillOpacity={0.06} label="Q4" />
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[0, 1]}
            tickFormatter={(v: number) => pct(v)}
            label={{ value: "Efforts (effort index)", position: "bottom", offset: 4 }}
          />
          <YAxis
            type="number"
            dataKey="y"
            domain={[0, yTop]}
            tickFormatter={(v: number) => pct(v)}
            width={56}
            ticks={Array.from({ length: Math.round(yTop / 0.25) + 1 }, (_, i) => i * 0.25).filter(
              (t, _, all) => all.length <= 9 || Math.round(t * 4) % 2 === 0,
            )}
          />
          <ReferenceLine x={ex} stroke="#495057" strokeDasharray="6 3" />
          <ReferenceLine y={ry} stroke="#495057" strokeDasharray="6 3" />
          <Tooltip
            formatter={(v: unknown, name: unknown) => [
              pct(v as number),
              name === "x" ? "Efforts" : "Results",
            ]}
            labelFormatter={() => ""}
          />
          <Scatter
            data={points}
            cursor="pointer"
            onClick={(d: { payload?: { id?: string } }) => {
              if (d?.payload?.id) navigate(`/people/${d.payload.id}`);
            }}
          >
            {points.map((p) => (
              <Cell key={p.email} fill={FILL[p.quadrant ?? "Q4"]} />
            ))}
          </Scatter>
          <NameLabels points={points} />
        </ScatterChart>
      </ResponsiveContainer>
    </Box>
  );
}

/**
 * The names beside the dots, each where it covers no other name or dot
 * (quadLabels.ts); a name with no free spot is left off the chart — its dot
 * keeps the tooltip and the quadrant lists beside the chart name everyone.
 */
function NameLabels(props: { points: { x: number; y: number; name: string; email: string }[] }) {
  const area = usePlotArea();
  const xs = useXAxisScale();
  const ys = useYAxisScale();
  if (!area || !xs || !ys) return null;
  const dots = props.points.map((p) => ({
    x: Number(xs(p.x)),
    y: Number(ys(p.y)),
    width: textWidth(p.name),
  }));
  const placed = placeLabels(dots, {
    left: area.x,
    top: area.y,
    right: area.x + area.width,
    bottom: area.y + area.height,
  });
  return (
    <g pointerEvents="none">
      {props.points.map((p, i) => {
        const at = placed[i];
        if (!at) return null;
        return (
          <text
            key={p.email}
            x={dots[i].x + at.dx}
            y={dots[i].y + at.dy}
            textAnchor={at.anchor}
            fontSize={11}
            fill="#343a40"
          >
            {p.name}
          </text>
        );
      })}
    </g>
  );
}

export const QUADRANT_ORDER: Quadrant[] = ["Q1", "Q2", "Q3", "Q4"];
export { QUADRANTS };
