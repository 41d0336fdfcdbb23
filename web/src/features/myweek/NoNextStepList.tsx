import { Anchor, Button, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { stepLabel } from "../deals/deals";
import { useSellingActions } from "../palette/actions";
import type { MyWeek } from "./myweek";

/** Open deals and active customers with nothing scheduled: "what's next?" has no answer yet. */
export function NoNextStepList(props: { items: MyWeek["noNextStep"] }) {
  const actions = useSellingActions();
  const { deals, customers } = props.items;
  const empty = deals.length === 0 && customers.length === 0;
  return (
    <section className="week-panel" aria-labelledby="nns-heading">
      <Title order={2} fz="lg" id="nns-heading">
        No next step
      </Title>
      <Text size="sm" c="gray.7" mb={6}>
        Every open deal and active customer needs a next step with a date.
      </Text>
      {empty ? (
        <Text size="sm">Every deal and customer has a next step.</Text>
      ) : (
        <ul className="week-list" aria-label="No next step">
          {deals.map((d) => (
            <li key={d.id}>
              <div style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/deals/${d.id}`} size="sm" fw={600}>
                  {d.name}
                </Anchor>
                <Text size="xs" c="gray.7">
                  {stepLabel(d.stepNumber)}
                  {d.accountName ? ` · ${d.accountName}` : ""}
                </Text>
              </div>
              <Button
                size="xs"
                variant="light"
                aria-label={`Schedule next step for ${d.name}`}
                onClick={() => actions.openLog({ dealId: d.id, scheduleOnly: true })}
              >
                Schedule next step
              </Button>
            </li>
          ))}
          {customers.map((c) => (
            <li key={c.id}>
              <div style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={600}>
                  {c.name}
                </Anchor>
                <Text size="xs" c="gray.7">
                  Customer{c.accountName ? ` · ${c.accountName}` : ""}
                </Text>
              </div>
              <Button
                size="xs"
                variant="light"
                aria-label={`Schedule next step for ${c.name}`}
                onClick={() => actions.openLog({ contactId: c.id, scheduleOnly: true })}
              >
                Schedule next step
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
