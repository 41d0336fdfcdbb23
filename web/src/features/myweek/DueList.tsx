import { Anchor, Badge, Button, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { formatDateTime } from "../../ui/format";
import { useSellingActions } from "../palette/actions";
import type { MyWeek } from "./myweek";

/** Scheduled activities due today or overdue, oldest first; each can be logged as done in one form. */
export function DueList(props: { activities: MyWeek["activities"] }) {
  const actions = useSellingActions();
  return (
    <section className="week-panel" aria-labelledby="due-heading">
      <Title order={2} fz="lg" id="due-heading" mb={6}>
        Today and overdue
      </Title>
      {props.activities.length === 0 ? (
        <Text size="sm" c="gray.7">
          Nothing due today.
        </Text>
      ) : (
        <ul className="week-list" aria-label="Today and overdue">
          {props.activities.map((a) => (
            <li key={a.id}>
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={600}>
                  {a.kind[0].toUpperCase() + a.kind.slice(1)}
                  {" · "}
                  {a.dealId ? (
                    <Anchor component={Link} to={`/deals/${a.dealId}`} size="sm">
                      {a.dealName}
                    </Anchor>
                  ) : a.contactId ? (
                    <Anchor component={Link} to={`/contacts/${a.contactId}`} size="sm">
                      {a.contactName}
                    </Anchor>
                  ) : null}
                </Text>
                <Text size="xs" c="gray.7">
                  {formatDateTime(a.scheduledFor)}
                  {a.notes ? ` · ${a.notes}` : ""}
                </Text>
              </div>
              {a.overdue && (
                <Badge color="red.9" variant="outline" tt="none">
                  Overdue
                </Badge>
              )}
              <Button
                size="xs"
                variant="light"
                onClick={() =>
                  actions.openLog({ dealId: a.dealId ?? undefined, contactId: a.contactId ?? undefined })
                }
                aria-label={`Log it: ${a.kind} on ${a.dealName ?? a.contactName ?? ""}`}
              >
                Log it
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
