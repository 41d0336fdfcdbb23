/** An account: its deals and contacts. */
import { Anchor, Box, SimpleGrid, Text, Title } from "@mantine/core";
import { Link, useParams } from "react-router";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { DealTable } from "../deals/DealTable";
import { type Deal, useList, useRecord } from "../deals/deals";
import "../deals/deals.css";

export function AccountPage() {
  const { id = "" } = useParams();
  const account = useRecord<{ id: string; name: string; industry: string | null }>("accounts", id);
  const deals = useList<Deal>("deals", { accountId: id });
  const contacts = useList<{ id: string; name: string; email: string }>("contacts", { accountId: id });
  if (account.isPending) return <FullPageMessage loading>Loading the account…</FullPageMessage>;
  if (account.isError) return <FullPageMessage error={account.error} onRetry={() => account.refetch()} />;
  return (
    <Box px={{ base: 12, sm: 16 }} py="md" maw={1200}>
      <Title order={1} fz={24}>
        {account.data.name}
      </Title>
      {account.data.industry && <Text size="sm">{account.data.industry}</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mt="md">
        <section className="deal-panel" aria-labelledby="account-deals">
          <Title order={2} fz="lg" id="account-deals" mb={6}>
            Deals
          </Title>
          <DealTable deals={deals.data?.items ?? []} />
        </section>
        <section className="deal-panel" aria-labelledby="account-contacts">
          <Title order={2} fz="lg" id="account-contacts" mb={6}>
            Contacts
          </Title>
          <ul className="deal-list">
            {(contacts.data?.items ?? []).map((c) => (
              <li key={c.id}>
                <Anchor component={Link} to={`/contacts/${c.id}`} size="sm">
                  {c.name}
                </Anchor>{" "}
                <Text span size="xs" c="gray.7">
                  {c.email}
                </Text>
              </li>
            ))}
          </ul>
        </section>
      </SimpleGrid>
    </Box>
  );
}
