import { Group, Text, Title } from "@mantine/core";
import { type MyWeek, percent } from "./myweek";

/** The usage score and its three parts, each in a sentence (metrics.md, "the 90 % rule"). */
export function UsagePanel(props: { usage: MyWeek["usage"] }) {
  const u = props.usage;
  const parts = [
    {
      name: "Next-step coverage",
      value: u.nextStepCoverage,
      says: "Share of your open deals and active customers with a next step scheduled from now on.",
    },
    {
      name: "Process compliance",
      value: u.processCompliance,
      says: "Share of your deals that entered a step without skipping one.",
    },
    {
      name: "Logging timeliness",
      value: u.loggingTimeliness,
      says: "Share of your activities logged within 48 hours of being done.",
    },
  ];
  return (
    <section className="week-panel" aria-labelledby="usage-heading">
      <Group justify="space-between" align="baseline">
        <Title order={2} fz="lg" id="usage-heading">
          Usage score
        </Title>
        <Text fw={700} fz="xl">
          {percent(u.usageScore)}
        </Text>
      </Group>
      <Text size="sm" c="gray.7" mb="xs">
        The mean of the three parts below; the target is {percent(u.target)} or more.
      </Text>
      <div>
        {parts.map((p) => (
          <div key={p.name} style={{ marginBottom: 8 }}>
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={600}>
                {p.name}
              </Text>
              <Text size="sm" fw={700}>
                {percent(p.value)}
              </Text>
            </Group>
            <Text size="xs" c="gray.7">
              {p.says}
            </Text>
          </div>
        ))}
      </div>
    </section>
  );
}
