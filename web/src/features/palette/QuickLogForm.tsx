/**
 * One form: log what was done (on a deal or a customer), move the deal on if it
 * moved, and schedule the next step ("what's next, and when?"). Enter submits.
 */
import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api";
import { ACTIVITY_KINDS, type Deal, dealKey, stepLabel, useInvalidateSelling, useList } from "../deals/deals";

export interface LogPreset {
  dealId?: string;
  contactId?: string;
  /** Only the next step (a one-step fix for "no next step"). */
  scheduleOnly?: boolean;
}

interface Contact {
  id: string;
  name: string;
}

/** Tomorrow as YYYY-MM-DD in the browser's zone. */
function tomorrow(): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

const KIND_OPTIONS = ACTIVITY_KINDS.map((k) => ({ value: k, label: k[0].toUpperCase() + k.slice(1) }));

export function QuickLogForm(props: { preset: LogPreset; onClose: () => void }) {
  const { preset } = props;
  // The newest open deals (the list stops at 200 — a manager's line can have more), plus the
  // deal the form was opened from, read on its own so it is there however old it is.
  const deals = useList<Deal>("deals", { status: "open", sort: "-createdAt" });
  const presetDeal = useQuery({
    queryKey: dealKey(preset.dealId ?? ""),
    queryFn: () => api<Deal>(`/deals/${preset.dealId}`),
    enabled: !!preset.dealId,
  });
  const customers = useList<Contact>("contacts", { customer: "true", status: "active" });
  const [dealId, setDealId] = useState(preset.dealId ?? "");
  const [contactId, setContactId] = useState(preset.contactId ?? "");
  const [kind, setKind] = useState("call");
  const [notes, setNotes] = useState("");
  const [moveTo, setMoveTo] = useState("");
  const [nextKind, setNextKind] = useState("call");
  const [nextOn, setNextOn] = useState(tomorrow());
  const [nextNotes, setNextNotes] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const invalidate = useInvalidateSelling();
  const listed = deals.data?.items ?? [];
  const known =
    presetDeal.data && !listed.some((d) => d.id === presetDeal.data.id)
      ? [presetDeal.data, ...listed]
      : listed;
  const deal = known.find((d) => d.id === dealId);

  const save = useMutation({
    mutationFn: async () => {
      const target = dealId ? { dealId } : { contactId };
      const step = deal?.currentStep ?? 7;
      // 09:00 on the chosen day, in the browser's zone.
      const [y, m, d] = nextOn ? nextOn.split("-").map(Number) : [0, 0, 0];
      const next = nextOn
        ? {
            kind: nextKind,
            scheduledFor: new Date(y, m - 1, d, 9).toISOString(),
            ...(nextNotes ? { notes: nextNotes } : {}),
          }
        : undefined;
      if (preset.scheduleOnly) {
        if (!next) return;
        await api("/activities", { method: "POST", body: { ...next, step, ...target } });
        return;
      }
      // One request, one transaction: the done activity, the move and the next step, or nothing.
      await api("/activities/log", {
        method: "POST",
        body: {
          kind,
          step,
          ...target,
          ...(notes ? { notes } : {}),
          ...(moveTo ? { moveTo: Number(moveTo) } : {}),
          ...(next ? { next } : {}),
        },
      });
    },
    onSuccess: props.onClose,
    onSettled: invalidate,
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!dealId && !contactId) return setProblem("Choose the deal or the customer this was about.");
    if (dealId && !deal) return setProblem("The deal is still loading; try again in a moment.");
    if (preset.scheduleOnly && !nextOn) return setProblem("Choose the day of the next step.");
    setProblem(null);
    save.mutate();
  };

  const title = preset.scheduleOnly ? "Schedule the next step" : "Log an activity";
  const dealOptions = [
    { value: "", label: "— no deal —" },
    ...known.map((d) => ({
      value: d.id,
      label: `${d.name} (${stepLabel(d.currentStep)})`,
    })),
  ];
  const moveOptions = deal
    ? [
        { value: "", label: `Stays at ${stepLabel(deal.currentStep)}` },
        ...[1, 2, 3, 4, 5, 6]
          .filter((s) => s > deal.currentStep)
          .map((s) => ({ value: String(s), label: `${s}. ${stepLabel(s)}` })),
      ]
    : [];

  return (
    <Modal opened onClose={props.onClose} title={title} size="lg">
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack gap="sm">
          <NativeSelect
            label="Deal"
            data-autofocus
            data={dealOptions}
            value={dealId}
            onChange={(e) => {
              setDealId(e.currentTarget.value);
              setMoveTo("");
            }}
          />
          {!dealId && (
            <NativeSelect
              label="Or a customer"
              data={[
                { value: "", label: "— no customer —" },
                ...(customers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name })),
              ]}
              value={contactId}
              onChange={(e) => setContactId(e.currentTarget.value)}
            />
          )}
          {!preset.scheduleOnly && (
            <>
              <Group grow align="flex-start" wrap="wrap">
                <NativeSelect
                  label="What was done"
                  data={KIND_OPTIONS}
                  value={kind}
                  onChange={(e) => setKind(e.currentTarget.value)}
                />
                <TextInput
                  label="Outcome or notes"
                  value={notes}
                  onChange={(e) => setNotes(e.currentTarget.value)}
                />
              </Group>
              {deal && (
                <NativeSelect
                  label="Move the deal to"
                  data={moveOptions}
                  value={moveTo}
                  onChange={(e) => setMoveTo(e.currentTarget.value)}
                />
              )}
            </>
          )}
          <Title order={3} fz="sm" mt={4}>
            What's next, and when?
          </Title>
          <Group grow align="flex-start" wrap="wrap">
            <NativeSelect
              label="Next step"
              data={KIND_OPTIONS}
              value={nextKind}
              onChange={(e) => setNextKind(e.currentTarget.value)}
            />
            <TextInput
              label="Next step on"
              type="date"
              value={nextOn}
              onChange={(e) => setNextOn(e.currentTarget.value)}
              description={preset.scheduleOnly ? undefined : "Empty: no next step"}
            />
          </Group>
          <TextInput
            label="Next step notes"
            value={nextNotes}
            onChange={(e) => setNextNotes(e.currentTarget.value)}
          />
          {(problem || save.isError) && (
            <Alert role="alert" color="red" variant="light">
              {problem ?? errorMessage(save.error)}
            </Alert>
          )}
          {!preset.scheduleOnly && !nextOn && (
            <Text size="sm" c="red.9">
              With no next step the deal shows on your "no next step" list.
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {preset.scheduleOnly ? "Schedule" : "Log it"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
