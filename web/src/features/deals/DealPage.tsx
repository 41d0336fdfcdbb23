/** One deal: fields edited in place, step actions (move, win, lose, correct), history, activities, account and contact. */
import { Alert, Anchor, Badge, Box, Button, Group, SimpleGrid, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { formatDateTime, formatMoney } from "../../ui/format";
import { useSellingActions } from "../palette/actions";
import { ActivityPanel } from "./DealActivities";
import { DealHistory } from "./DealHistory";
import {
  type Deal,
  stepLabel,
  useActivities,
  useCurrency,
  useDeal,
  useDealChange,
  useDealHistory,
  useRecord,
} from "./deals";
import { EditableField } from "./EditableField";
import { CorrectStepDialog, LoseDialog } from "./OutcomeDialogs";
import "./deals.css";

export function DealPage() {
  const { id = "" } = useParams();
  const deal = useDeal(id);
  if (deal.isPending) return <FullPageMessage loading>Loading the deal…</FullPageMessage>;
  if (deal.isError) return <FullPageMessage error={deal.error} onRetry={() => deal.refetch()} />;
  return <DealView deal={deal.data} />;
}

const STATUS_COLOR = { open: "indigo.8", won: "teal.9", lost: "red.9", disqualified: "gray.8" } as const;

function DealView({ deal }: { deal: Deal }) {
  const history = useDealHistory(deal.id);
  const activities = useActivities({ dealId: deal.id });
  const account = useRecord<{ id: string; name: string }>("accounts", deal.accountId);
  const contact = useRecord<{ id: string; name: string; email: string }>("contacts", deal.contactId);
  const owner = useRecord<{ name: string }>("people", deal.ownerId);
  const change = useDealChange(deal.id);
  const currency = useCurrency();
  const actions = useSellingActions();
  const [dialog, setDialog] = useState<"lose" | "correct" | null>(null);
  const [said, setSaid] = useState("");
  const open = deal.status === "open";
  const next = deal.currentStep < 6 ? deal.currentStep + 1 : null;
  const update = (patch: Partial<Deal>) => change.mutateAsync({ kind: "update", patch });

  return (
    <Box px={{ base: 12, sm: 16 }} py="md" maw={1200}>
      <Text size="sm" mb={4}>
        <Anchor component={Link} to="/board">
          Deal board
        </Anchor>
      </Text>
      <Group justify="space-between" align="flex-start" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Title order={1} fz={24} style={{ overflowWrap: "anywhere" }}>
            {deal.name}
          </Title>
          <Group gap={6} mt={4}>
            <Badge color={STATUS_COLOR[deal.status]} variant="outline" tt="none" size="lg">
              {deal.status === "open"
                ? `Open · ${deal.currentStep}. ${stepLabel(deal.currentStep)}`
                : deal.status === "won"
                  ? "Won"
                  : `${deal.status[0].toUpperCase()}${deal.status.slice(1)}`}
            </Badge>
            <Text fw={700}>{formatMoney(deal.value, currency)}</Text>
          </Group>
          {deal.lostReason && (
            <Text size="sm" mt={4}>
              Reason: {deal.lostReason}
            </Text>
          )}
        </div>
        {open && (
          <Group gap="xs">
            <Button onClick={() => actions.openLog({ dealId: deal.id })}>Log an activity</Button>
            {next && (
              <Button
                variant="light"
                loading={change.isPending && change.variables?.kind === "move"}
                onClick={() =>
                  change.mutate(
                    { kind: "move", step: next },
                    { onSuccess: () => setSaid(`Moved to ${stepLabel(next)}.`) },
                  )
                }
              >
                Move to {stepLabel(next)}
              </Button>
            )}
            <Button
              color="teal.9"
              onClick={() => change.mutate({ kind: "win" }, { onSuccess: () => setSaid("The deal is won.") })}
              loading={change.isPending && change.variables?.kind === "win"}
            >
              Win
            </Button>
            <Button color="red" variant="light" onClick={() => setDialog("lose")}>
              Lose…
            </Button>
            <Button variant="default" onClick={() => setDialog("correct")}>
              Correct the last move…
            </Button>
          </Group>
        )}
      </Group>
      <Text role="status" size="sm" mt="xs" aria-live="polite">
        {said}
      </Text>
      {change.isError && !dialog && (
        <Alert role="alert" color="red" variant="light" mt="sm">
          {errorMessage(change.error)}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mt="md">
        <section className="deal-panel" aria-labelledby="fields-heading">
          <Title order={2} fz="lg" id="fields-heading" mb={6}>
            Details
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <EditableField label="Name" value={deal.name} onSave={(v) => update({ name: v })} />
            <EditableField
              label="Value"
              type="number"
              value={String(deal.value)}
              display={formatMoney(deal.value, currency)}
              onSave={(v) => update({ value: Number(v) })}
            />
            <EditableField
              label="Expected close"
              type="date"
              value={deal.expectedClose}
              onSave={(v) => update({ expectedClose: v || null })}
            />
            <EditableField
              label="Product"
              value={deal.product}
              onSave={(v) => update({ product: v || null })}
            />
            <EditableField
              label="Lead source"
              value={deal.leadSource}
              onSave={(v) => update({ leadSource: v || null })}
            />
            <EditableField
              label="Prospecting method"
              value={deal.prospectingMethod}
              onSave={(v) => update({ prospectingMethod: v || null })}
            />
            <div>
              <Text size="xs" c="gray.7">
                Account
              </Text>
              {account.data ? (
                <Anchor component={Link} to={`/accounts/${account.data.id}`} size="sm">
                  {account.data.name}
                </Anchor>
              ) : (
                <Text size="sm">—</Text>
              )}
            </div>
            <div>
              <Text size="xs" c="gray.7">
                Contact
              </Text>
              {contact.data ? (
                <Anchor component={Link} to={`/contacts/${contact.data.id}`} size="sm">
                  {contact.data.name}
                </Anchor>
              ) : (
                <Text size="sm">—</Text>
              )}
            </div>
            <div>
              <Text size="xs" c="gray.7">
                Owner
              </Text>
              <Text size="sm">{owner.data?.name ?? "—"}</Text>
            </div>
            <div>
              <Text size="xs" c="gray.7">
                In this step since
              </Text>
              <Text size="sm">{formatDateTime(deal.stepEnteredAt)}</Text>
            </div>
          </SimpleGrid>
        </section>
        {activities.data && <ActivityPanel activities={activities.data.items} />}
        {history.data && <DealHistory entries={history.data} />}
      </SimpleGrid>
      {dialog === "lose" && (
        <LoseDialog
          dealName={deal.name}
          pending={change.isPending}
          error={change.error}
          onClose={() => {
            change.reset();
            setDialog(null);
          }}
          onLose={(status, reason) =>
            change.mutate(
              { kind: "lose", status, reason },
              {
                onSuccess: () => {
                  setDialog(null);
                  setSaid(`The deal is ${status}.`);
                },
              },
            )
          }
        />
      )}
      {dialog === "correct" && (
        <CorrectStepDialog
          currentStep={deal.currentStep}
          pending={change.isPending}
          error={change.error}
          onClose={() => {
            change.reset();
            setDialog(null);
          }}
          onCorrect={(step, reason) =>
            change.mutate(
              { kind: "correct", step, reason },
              {
                onSuccess: () => {
                  setDialog(null);
                  setSaid(`Corrected: the deal is at ${stepLabel(step)}.`);
                },
              },
            )
          }
        />
      )}
    </Box>
  );
}
