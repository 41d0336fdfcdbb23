/** The team's scorecard: one row per salesperson, every column sortable, scrolling sideways inside itself. */
import { Badge, Table, Text, UnstyledButton } from "@mantine/core";
import { type ReactNode, useState } from "react";
import type { StepKey } from "../../../../src/domain/steps";
import { formatMoney } from "../../ui/format";
import type { FigureName } from "./definitions";
import { FUNNEL_KEYS, naturalCompare, num, pct, type ScorecardPerson } from "./managing";
import { PersonLink } from "./QuadPanel";
import { ScrollRegion } from "./ScrollRegion";
import { Term } from "./Term";

type SortKey =
  | "name"
  | "quadrant"
  | "effortIndex"
  | "resultsIndex"
  | "wonRevenue"
  | "forecast"
  | "quota"
  | "usageScore"
  | `step:${StepKey}`;

const value = (p: ScorecardPerson, k: SortKey): number | string | null => {
  if (k === "name") return p.name;
  if (k === "quadrant") return p.quadrant;
  if (k === "forecast") return p.wonRevenue + p.pipelineExpected;
  if (k.startsWith("step:")) return p.attainment?.[k.slice(5) as StepKey] ?? null;
  return p[k as "effortIndex"] as number | null;
};

function compare(a: ScorecardPerson, b: ScorecardPerson, k: SortKey): number {
  const x = value(a, k);
  const y = value(b, k);
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // nothing to show: last
  if (typeof x === "string" || typeof y === "string") return naturalCompare(String(x), String(y));
  return x - y;
}

type Sort = { key: SortKey; desc: boolean };

/** A column header that sorts by its column (again: the other way round), with its definition. */
function Th(p: {
  k: SortKey;
  sort: Sort;
  onSort: (s: Sort) => void;
  children: ReactNode;
  term?: FigureName;
}) {
  const active = p.sort.key === p.k;
  return (
    <Table.Th
      aria-sort={active ? (p.sort.desc ? "descending" : "ascending") : undefined}
      style={{ whiteSpace: "nowrap" }}
    >
      <UnstyledButton
        fz="sm"
        fw={700}
        onClick={() => p.onSort({ key: p.k, desc: active ? !p.sort.desc : p.k !== "name" })}
      >
        {p.children}
        <span aria-hidden="true">{active ? (p.sort.desc ? " ▼" : " ▲") : " ↕"}</span>
      </UnstyledButton>
      {p.term && (
        <Text span size="xs" c="dimmed" ml={4}>
          <Term name={p.term}>?</Term>
        </Text>
      )}
    </Table.Th>
  );
}

export function ScorecardTable(props: {
  people: ScorecardPerson[];
  idByEmail: Map<string, string>;
  stepNames: Record<StepKey, string>;
  currency: string;
}) {
  const [sort, setSort] = useState<Sort>({ key: "name", desc: false });
  const rows = [...props.people].sort((a, b) => {
    const c = compare(a, b, sort.key);
    const tie = naturalCompare(a.name, b.name);
    return (sort.desc ? -c : c) || tie;
  });
  const money = (v: number | null) => (v === null ? "no quota" : formatMoney(v, props.currency));
  return (
    <ScrollRegion label="Scorecard (scrolls sideways)">
      <Table striped highlightOnHover miw={1200} fz="sm" aria-label="Scorecard">
        <Table.Thead>
          <Table.Tr>
            <Th sort={sort} onSort={setSort} k="name">
              Person
            </Th>
            <Th sort={sort} onSort={setSort} k="quadrant" term="quadrant">
              Quad
            </Th>
            <Th sort={sort} onSort={setSort} k="effortIndex" term="effortIndex">
              Efforts
            </Th>
            <Th sort={sort} onSort={setSort} k="resultsIndex" term="resultsIndex">
              Results
            </Th>
            <Th sort={sort} onSort={setSort} k="wonRevenue" term="wonRevenue">
              Won
            </Th>
            <Th sort={sort} onSort={setSort} k="forecast" term="forecast">
              Forecast
            </Th>
            <Th sort={sort} onSort={setSort} k="quota" term="quota">
              Quota
            </Th>
            {FUNNEL_KEYS.map((s) => (
              <Th sort={sort} onSort={setSort} key={s} k={`step:${s}`} term="pacing">
                {props.stepNames[s]}
              </Th>
            ))}
            <Th sort={sort} onSort={setSort} k="usageScore" term="usageScore">
              Usage
            </Th>
            <Table.Th style={{ whiteSpace: "nowrap" }}>
              <Term name="coachingFocus">Coaching focus</Term>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((p) => {
            const plan = p.agreedPlan ?? p.plan;
            return (
              <Table.Tr key={p.email}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <PersonLink id={props.idByEmail.get(p.email)} name={p.name} />
                </Table.Td>
                <Table.Td>{p.quadrant ? <Badge variant="light">{p.quadrant}</Badge> : "—"}</Table.Td>
                <Table.Td>{pct(p.effortIndex)}</Table.Td>
                <Table.Td>{pct(p.resultsIndex)}</Table.Td>
                <Table.Td>{formatMoney(p.wonRevenue, props.currency)}</Table.Td>
                <Table.Td>{formatMoney(p.wonRevenue + p.pipelineExpected, props.currency)}</Table.Td>
                <Table.Td>{money(p.quota)}</Table.Td>
                {FUNNEL_KEYS.map((s) => (
                  <Table.Td key={s} style={{ whiteSpace: "nowrap" }}>
                    {num(p.entered[s] ?? 0)} / {plan ? num(plan[s]) : "—"}
                    {p.attainment?.[s] !== undefined && (
                      <Text span size="xs" c={p.attainment[s]! < 1 ? "red.9" : "teal.9"} ml={4}>
                        ({pct(p.attainment[s])})
                      </Text>
                    )}
                  </Table.Td>
                ))}
                <Table.Td>{pct(p.usageScore)}</Table.Td>
                <Table.Td>{p.coachingFocus ? props.stepNames[p.coachingFocus] : "—"}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
