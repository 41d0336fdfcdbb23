/**
 * The plan: computed (from the person's own rates at the period's start) against
 * the agreed one. The manager line edits the entries and agrees a new version;
 * every version stays visible.
 */
import { Alert, Button, Group, NumberInput, Table, Text, Textarea } from "@mantine/core";
import { useEffect, useState } from "react";
import type { StepKey } from "../../../../src/domain/steps";
import { errorMessage } from "../../api";
import { formatDateTime, formatMoney } from "../../ui/format";
import { FUNNEL_KEYS, num } from "../team/managing";
import { ScrollRegion } from "../team/ScrollRegion";
import { Panel } from "../team/TeamPanels";
import { Term } from "../team/Term";
import { type Plans, useAgreePlan } from "./person";

export function PlanPanel(props: {
  personId: string;
  period: string;
  plans: Plans;
  canAgree: boolean;
  currency: string;
  stepNames: Record<StepKey, string>;
  nameOf: (id: string | null) => string;
}) {
  const { plans } = props;
  const agree = useAgreePlan(props.personId, props.period);
  const start = () => {
    const base = plans.agreed?.need ?? plans.computed?.need ?? {};
    return Object.fromEntries(FUNNEL_KEYS.map((s) => [s, base[s] ?? 0])) as Record<string, number>;
  };
  const [draft, setDraft] = useState<Record<string, number>>(start);
  const [note, setNote] = useState("");
  const [saved, setSaved] = useState<number | null>(null);
  // A new period or a new version: start again from what is agreed now.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the agreed version changes
  useEffect(() => setDraft(start()), [plans.agreed?.id, props.period]);

  if (plans.quota === null || !plans.computed) {
    return (
      <Panel title={<Term name="plan">Plan</Term>}>
        <Text size="sm">
          No quota for {props.period}: there is no plan. Set a quota first (Settings → Quotas).
        </Text>
      </Panel>
    );
  }
  const submit = () => {
    setSaved(null);
    agree.mutate(
      { need: draft, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: (v) => {
          setSaved(v.version);
          setNote("");
        },
      },
    );
  };
  return (
    <Panel title={<Term name="plan">Plan</Term>}>
      <Text size="sm" mb="sm">
        Quota {formatMoney(plans.quota, props.currency)} · deal size{" "}
        {formatMoney(plans.computed.avgDealSize, props.currency)} · {num(plans.computed.wins)} wins needed.
      </Text>
      <ScrollRegion label="Plan table">
        <Table fz="sm" aria-label="Plan per step">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Step</Table.Th>
              <Table.Th>Computed</Table.Th>
              <Table.Th>Per week</Table.Th>
              <Table.Th>
                <Term name="agreedPlan">Agreed</Term>
              </Table.Th>
              {props.canAgree && <Table.Th>New version</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {FUNNEL_KEYS.map((s) => (
              <Table.Tr key={s}>
                <Table.Td>{props.stepNames[s]}</Table.Td>
                <Table.Td>{num(plans.computed?.need[s])}</Table.Td>
                <Table.Td>{num(plans.computed?.perWeek[s], 1)}</Table.Td>
                <Table.Td>{plans.agreed ? num(plans.agreed.need[s]) : "—"}</Table.Td>
                {props.canAgree && (
                  <Table.Td miw={110}>
                    <NumberInput
                      size="xs"
                      min={0}
                      max={1_000_000}
                      allowDecimal={false}
                      aria-label={`${props.stepNames[s]}: entries to agree`}
                      value={draft[s]}
                      onChange={(v) =>
                        setDraft((d) => ({ ...d, [s]: typeof v === "number" ? v : Number(v) || 0 }))
                      }
                    />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
      {props.canAgree && (
        <Group align="flex-end" mt="sm" wrap="wrap">
          <Textarea
            label="Note (optional)"
            size="xs"
            autosize
            minRows={1}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            style={{ flex: "1 1 240px" }}
          />
          <Button size="sm" onClick={submit} loading={agree.isPending}>
            Agree this plan
          </Button>
        </Group>
      )}
      {agree.isError && (
        <Alert role="alert" color="red" variant="light" mt="sm" title="The plan was not agreed">
          {errorMessage(agree.error)}
        </Alert>
      )}
      {saved !== null && (
        <Text role="status" size="sm" c="teal.9" mt="xs">
          Version {saved} agreed.
        </Text>
      )}
      <Text fw={700} size="sm" mt="md" mb={4}>
        Agreed versions
      </Text>
      {plans.versions.length === 0 ? (
        <Text size="sm" c="dimmed">
          None yet: efforts are measured against the computed plan.
        </Text>
      ) : (
        <ScrollRegion label="Agreed versions table">
          <Table fz="xs" aria-label="Agreed versions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>Agreed</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th>Entries per step</Table.Th>
                <Table.Th>Note</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plans.versions.map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td>{v.version}</Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(v.agreedAt)}</Table.Td>
                  <Table.Td>{props.nameOf(v.agreedBy)}</Table.Td>
                  <Table.Td>{FUNNEL_KEYS.map((s) => v.need[s]).join(" · ")}</Table.Td>
                  <Table.Td>{v.note ?? ""}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </Panel>
  );
}
