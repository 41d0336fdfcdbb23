import { Anchor, Button, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { stepLabel } from "../deals/deals";
import { useSellingActions } from "../palette/actions";
import type { MyWeek } from "./myweek";

/** Open deals and active customers with nothing scheduled: "what's next?" has no answer yet. */
export function NoNextStepList(props: { items: MyWeek["noNextStep"] }) {
  const actions = useSellingActions();
  const [all, setAll] = useState(false);
  const total = props.items.deals.length + props.items.customers.length;
  // A long list buries the rest of the week: the first SHOWN, then all on request.
  const deals = all ? props.items.deals : props.items.deals.slice(0, SHOWN);
  const customers = all ? props.items.customers : props.items.customers.slice(0, SHOWN - deals.length);
  const empty = total === 0;
  return (
    <section className="deal-panel" aria-labelledby="nns-heading">
      <Title order={2} fz="lg" id="nns-heading">
        No next step
      </Title>
      <Text size="sm" c="gray.7" mb={6}>
        Every open deal and active customer needs a next step with a date.
        {total > 0 ? ` ${total} ${total === 1 ? "has" : "have"} none.` : ""}
      </Text>
      {empty ? (
        <Text size="sm">Every deal and customer has a next step.</Text>
      ) : (
        <ul className="deal-list week-list" aria-label="No next step">
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
      {total > SHOWN ? (
        <Button variant="subtle" size="xs" mt={6} onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? `Show the first ${SHOWN}` : `Show all ${total}`}
        </Button>
      ) : null}
    </section>
  );
}

const SHOWN = 8;
