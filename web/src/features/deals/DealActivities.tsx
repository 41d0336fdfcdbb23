/** Activities of a deal or a contact: scheduled (next first) and done (latest first). */
import { Badge, Group, Text, Title } from "@mantine/core";
import { formatDateTime } from "../../ui/format";
import { type Activity, stepLabel } from "./deals";

export function ActivityPanel(props: { activities: Activity[]; title?: string }) {
  const now = Date.now();
  const scheduled = props.activities
    .filter((a) => !a.doneAt && a.scheduledFor)
    .sort((a, b) => Date.parse(a.scheduledFor!) - Date.parse(b.scheduledFor!));
  const done = props.activities
    .filter((a) => a.doneAt)
    .sort((a, b) => Date.parse(b.doneAt!) - Date.parse(a.doneAt!));
  const next = scheduled.find((a) => Date.parse(a.scheduledFor!) >= now);
  const row = (a: Activity, when: string | null) => (
    <li key={a.id}>
      <Group gap={6}>
        <Text size="sm" fw={600}>
          {a.kind[0].toUpperCase() + a.kind.slice(1)}
        </Text>
        <Text size="xs" c="gray.7">
          {stepLabel(a.step)}
        </Text>
        {a === next && (
          <Badge color="teal.9" variant="outline" tt="none">
            next step
          </Badge>
        )}
        {!a.doneAt && a.scheduledFor && Date.parse(a.scheduledFor) < now && (
          <Badge color="red.9" variant="outline" tt="none">
            overdue
          </Badge>
        )}
      </Group>
      <Text size="xs" c="gray.7">
        {formatDateTime(when)}
        {a.outcome ? ` · ${a.outcome}` : ""}
        {a.notes ? ` · ${a.notes}` : ""}
      </Text>
    </li>
  );
  return (
    <section className="deal-panel" aria-labelledby="activities-heading">
      <Title order={2} fz="lg" id="activities-heading" mb={6}>
        {props.title ?? "Activities"}
      </Title>
      <Text size="sm" fw={600} mt={4}>
        Next step: {next ? `${next.kind} on ${formatDateTime(next.scheduledFor)}` : "none scheduled"}
      </Text>
      <Title order={3} fz="sm" mt="sm">
        Scheduled
      </Title>
      {scheduled.length ? (
        <ul className="deal-list" aria-label="Scheduled activities">
          {scheduled.map((a) => row(a, a.scheduledFor))}
        </ul>
      ) : (
        <Text size="sm" c="gray.7">
          Nothing scheduled.
        </Text>
      )}
      <Title order={3} fz="sm" mt="sm">
        Done
      </Title>
      {done.length ? (
        <ul className="deal-list" aria-label="Done activities">
          {done.map((a) => row(a, a.doneAt))}
        </ul>
      ) : (
        <Text size="sm" c="gray.7">
          Nothing logged yet.
        </Text>
      )}
    </section>
  );
}
