/** The step history: every entry with who recorded it and when; skips, backfills and corrections marked. */
import { Badge, Group, Text, Title } from "@mantine/core";
import { formatDateTime } from "../../ui/format";
import { type HistoryEntry, stepLabelOfKey } from "./deals";

export function DealHistory(props: { entries: HistoryEntry[] }) {
  return (
    <section className="deal-panel" aria-labelledby="history-heading">
      <Title order={2} fz="lg" id="history-heading" mb={6}>
        Step history
      </Title>
      <ol className="deal-list" aria-label="Step history">
        {props.entries.map((h) => (
          <li key={h.id} className={h.correction ? "deal-history-corrected" : undefined}>
            <Group gap={6} wrap="wrap">
              <Text size="sm" fw={600} td={h.correction ? "line-through" : undefined}>
                {stepLabelOfKey(h.step)}
              </Text>
              {h.skipped.length > 0 && (
                <Badge color="gray.8" variant="outline" tt="none">
                  skipped {h.skipped.map(stepLabelOfKey).join(", ")}
                </Badge>
              )}
              {h.backfilled && (
                <Badge color="gray.8" variant="outline" tt="none">
                  backfilled
                </Badge>
              )}
              {h.replaces !== null && (
                <Badge color="indigo.8" variant="outline" tt="none">
                  correction
                </Badge>
              )}
            </Group>
            <Text size="xs" c="gray.7">
              Entered {formatDateTime(h.enteredAt)} · recorded {formatDateTime(h.recordedAt)}
              {h.recordedByName ? ` by ${h.recordedByName}` : h.source === "import" ? " by import" : ""}
            </Text>
            {h.correction && (
              <Text size="xs" c="red.9">
                Corrected to {stepLabelOfKey(h.correction.toStep)} by {h.correction.byName ?? "someone"} on{" "}
                {formatDateTime(h.correction.at)}: “{h.correction.reason}”. It no longer counts.
              </Text>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
