/** Each manager's managing share against the target line (the table beside it has the figures). */
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from "recharts";
import { pct } from "../team/managing";
import type { ManagerRow } from "./managers";

export function ManagingShareChart(props: { managers: ManagerRow[]; target: number }) {
  const data = props.managers.map((m) => ({ name: m.name, share: m.managingShare ?? 0 }));
  return (
    <div
      role="img"
      aria-label={`Chart of each manager's managing share against the ${pct(props.target)} target; the table gives the figures.`}
    >
      <ResponsiveContainer width="100%" height={Math.max(120, 36 * data.length + 40)}>
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 20, right: 16, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, 1]} tickFormatter={(v: number) => pct(v)} />
          <YAxis type="category" dataKey="name" width={110} tick={{ fontSize: 12 }} />
          <ReferenceLine
            x={props.target}
            stroke="#495057"
            strokeDasharray="6 3"
            label={{ value: "target", position: "top", fontSize: 11 }}
          />
          <Bar dataKey="share">
            {data.map((d) => (
              <Cell key={d.name} fill={d.share >= props.target ? "#0ca678" : "#f76707"} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
