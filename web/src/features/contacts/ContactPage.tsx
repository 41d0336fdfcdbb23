/** A contact: details, their deals and activities; log or schedule from here. */
import { Anchor, Badge, Box, Button, Group, SimpleGrid, Text, Title } from "@mantine/core";
import { Link, useParams } from "react-router";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { ActivityPanel } from "../deals/DealActivities";
import { DealTable } from "../deals/DealTable";
import { type Deal, useActivities, useList, useRecord } from "../deals/deals";
import { useSellingActions } from "../palette/actions";
import "../deals/deals.css";

interface Contact {
  id: string;
  name: string;
  email: string;
  accountId: string | null;
  leadSource: string | null;
  status: string;
  customer: boolean;
}

export function ContactPage() {
  const { id = "" } = useParams();
  const contact = useRecord<Contact>("contacts", id);
  const account = useRecord<{ id: string; name: string }>("accounts", contact.data?.accountId);
  const activities = useActivities({ contactId: id });
  const deals = useList<Deal>(
    "deals",
    { accountId: contact.data?.accountId ?? "" },
    !!contact.data?.accountId,
  );
  const actions = useSellingActions();
  if (contact.isPending) return <FullPageMessage loading>Loading the contact…</FullPageMessage>;
  if (contact.isError) return <FullPageMessage error={contact.error} onRetry={() => contact.refetch()} />;
  const c = contact.data;
  const own = (deals.data?.items ?? []).filter((d) => d.contactId === c.id || d.accountId === c.accountId);
  return (
    <Box px={{ base: 12, sm: 16 }} py="md" maw={1200}>
      <Group justify="space-between" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Title order={1} fz={24}>
            {c.name}
          </Title>
          <Group gap={6} mt={4}>
            <Text size="sm">{c.email}</Text>
            {c.customer && (
              <Badge variant="outline" color="teal.9" tt="none">
                Customer
              </Badge>
            )}
            <Badge variant="outline" color="gray.8" tt="none">
              {c.status}
            </Badge>
          </Group>
          {account.data && (
            <Text size="sm" mt={4}>
              Account:{" "}
              <Anchor component={Link} to={`/accounts/${account.data.id}`}>
                {account.data.name}
              </Anchor>
            </Text>
          )}
        </div>
        <Button onClick={() => actions.openLog({ contactId: c.id })}>Log an activity</Button>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mt="md">
        <section className="deal-panel" aria-labelledby="contact-deals">
          <Title order={2} fz="lg" id="contact-deals" mb={6}>
            Deals
          </Title>
          <DealTable deals={own} />
        </section>
        {activities.data && <ActivityPanel activities={activities.data.items} />}
      </SimpleGrid>
    </Box>
  );
}
