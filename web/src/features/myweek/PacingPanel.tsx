import { Stack, Table, Text, Title } from "@mantine/core";
import { stepLabel } from "../deals/deals";
import type { MyWeek } from "./myweek";

/** "Nov 26 – Dec 2" (the week's last day; its end is exclusive). */
function weekLabel(w: { start: string; end: string }) {
  const day = (d: Date) => d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
  return `${day(new Date(w.start))} – ${day(new Date(new Date(w.end).getTime() - 1))}`;
}

/** Behind this week: fewer entered than the week's plan so far (the share of the week gone). */
function behindThisWeek(s: { thisWeek: number | null; perWeek: number | null }, gone: number) {
  return s.perWeek !== null && s.thisWeek !== null && s.thisWeek < s.perWeek * gone;
}

const fmt = (x: number | null) => (x === null ? "—" : Number.isInteger(x) ? String(x) : x.toFixed(1));

/** Per step: entries this period against where the plan says they should be by now, and what is left. */
export function PacingPanel(props: { pacing: MyWeek["pacing"]; period: string }) {
  const p = props.pacing;
  return (
    <section className="deal-panel" aria-labelledby="pacing-heading">
      <Title order={2} fz="lg" id="pacing-heading">
        Pacing in {props.period}
      </Title>
      {!p ? (
        <Text size="sm" c="gray.7">
          No quota for this period, so no plan to pace against.
        </Text>
      ) : (
        <>
          <Text size="sm" c="gray.7" mb="xs">
            Steps entered so far against the {p.agreed ? "agreed" : "computed"} plan,{" "}
            {Math.round(p.elapsed * 100)} % of the period gone.
          </Text>
          <Stack gap={8}>
            {p.steps.map((s) => {
              const due = s.dueByNow ?? 0;
              const ratio = due > 0 ? s.entered / due : s.entered > 0 ? 1 : 0;
              const behind = due > 0 && s.entered < due;
              return (
                <div key={s.step}>
                  <Text size="sm" id={`pace-${s.step}`}>
                    {stepLabel(s.stepNumber)}: {s.entered} of {fmt(s.dueByNow)} due by now
                  </Text>
                  <div
                    className="pace-bar"
                    role="progressbar"
                    aria-labelledby={`pace-${s.step}`}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={Math.min(100, Math.round(ratio * 100))}
                    aria-valuetext={`${s.entered} of ${fmt(s.dueByNow)} due by now`}
                  >
                    <div
                      className={behind ? "pace-fill pace-behind" : "pace-fill"}
                      style={{ width: `${Math.min(100, Math.round(ratio * 100))}%` }}
                    />
                  </div>
                </div>
              );
            })}
          </Stack>
          <Title order={3} fz="sm" mt="md" mb={4}>
            Remaining plan
          </Title>
          {p.week && (
            <Text size="xs" c="gray.7" mb={4}>
              This week: {weekLabel(p.week)}; entered so far against the plan per week.
            </Text>
          )}
          <Table.ScrollContainer minWidth={0}>
            <Table fz="sm" withTableBorder={false} aria-label="Remaining plan">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Step</Table.Th>
                  <Table.Th ta="right">Plan</Table.Th>
                  <Table.Th ta="right">Still needed</Table.Th>
                  {p.week && <Table.Th ta="right">This week</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.steps.map((s) => (
                  <Table.Tr key={s.step}>
                    <Table.Td>{stepLabel(s.stepNumber)}</Table.Td>
                    <Table.Td ta="right">{fmt(s.plan)}</Table.Td>
                    <Table.Td ta="right">{fmt(s.remaining)}</Table.Td>
                    {p.week && (
                      <Table.Td ta="right">
                        {s.thisWeek ?? 0} of{" "}
                        {fmt(s.perWeek === null ? null : Math.round(s.perWeek * 10) / 10)}
                        {behindThisWeek(s, p.week.elapsed) && (
                          <Text span size="xs" c="red.9" fw={600}>
                            {" "}
                            behind
                          </Text>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </section>
  );
}
