/**
 * Settings → Quotas: a grid of salespeople × the quarter and its months.
 * Type in a cell, or paste a block copied from a spreadsheet into any cell: it
 * fills rightward and downward from there. Saving writes every change at once
 * (all or nothing); a cell that is not an amount is named and nothing is saved.
 */
import { Alert, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useQueries } from "@tanstack/react-query";
import { type ClipboardEvent, useState } from "react";
import { api, errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { currentQuarter, periodChoices, usePeople } from "../team/managing";
import { ScrollRegion } from "../team/ScrollRegion";
import { setQuotas, useAdminWrite } from "./admin";
import { parseAmount, parseBlock, quarterColumns } from "./quotaGrid";

const key = (personId: string, period: string) => `${personId}|${period}`;

export function QuotasPage() {
  const [quarter, setQuarter] = useState(currentQuarter());
  const columns = quarterColumns(quarter);
  const people = usePeople();
  const quotas = useQueries({
    queries: columns.map((period) => ({
      queryKey: ["quotas", period],
      queryFn: () => api<{ personId: string; amount: number }[]>(`/quotas?period=${period}`),
    })),
  });
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const save = useAdminWrite(setQuotas);
  if (people.isPending || quotas.some((q) => q.isPending))
    return <FullPageMessage loading>Loading quotas…</FullPageMessage>;
  if (people.isError) return <FullPageMessage error={people.error} />;
  const sellers = people.data.filter((p) => p.role === "salesperson" && p.active);
  const stored = new Map<string, number>();
  columns.forEach((period, i) => {
    for (const q of quotas[i].data ?? []) stored.set(key(q.personId, period), q.amount);
  });
  const shown = (k: string) => edits[k] ?? (stored.has(k) ? String(stored.get(k)) : "");

  const onPaste = (row: number, col: number) => (e: ClipboardEvent<HTMLInputElement>) => {
    const text = e.clipboardData.getData("text/plain");
    if (!/[\t\n]/.test(text.replace(/\n$/, ""))) return; // one value: the input takes it as typed
    e.preventDefault();
    const block = parseBlock(text);
    const next = { ...edits };
    block.forEach((cells, r) => {
      cells.forEach((cell, c) => {
        const p = sellers[row + r];
        const period = columns[col + c];
        if (p && period) next[key(p.id, period)] = cell.trim();
      });
    });
    setEdits(next);
    setSaved(null);
  };

  const submit = () => {
    setProblem(null);
    setSaved(null);
    const rows: { personId: string; period: string; amount: number }[] = [];
    for (const [k, text] of Object.entries(edits)) {
      const [personId, period] = k.split("|");
      const amount = parseAmount(text);
      if (amount === null) continue; // an emptied cell is left as it was
      if (Number.isNaN(amount)) {
        const who = sellers.find((p) => p.id === personId)?.name ?? personId;
        setProblem(
          `${who}, ${period}: "${text}" is not an amount (digits, at most 2 decimals). Nothing was saved.`,
        );
        return;
      }
      if (stored.get(k) !== amount) rows.push({ personId, period, amount });
    }
    if (rows.length === 0) {
      setProblem("No change to save.");
      return;
    }
    save.mutate(rows, {
      onSuccess: () => {
        setEdits({});
        setSaved(rows.length);
      },
    });
  };

  return (
    <Stack gap="sm">
      <Title order={2} fz={20}>
        Quotas
      </Title>
      <Text size="sm" c="dimmed">
        Revenue targets per salesperson for the quarter and each of its months. Paste a block copied from a
        spreadsheet into any cell to fill from there.
      </Text>
      <Group align="flex-end">
        <NativeSelect
          label="Quarter"
          size="xs"
          data={periodChoices().filter((p) => p.includes("Q"))}
          value={quarter}
          onChange={(e) => {
            setQuarter(e.currentTarget.value);
            setEdits({});
          }}
        />
        <Button size="xs" onClick={submit} loading={save.isPending}>
          Save quotas
        </Button>
      </Group>
      {problem && (
        <Alert role="alert" color="orange" variant="light">
          {problem}
        </Alert>
      )}
      {save.isError && (
        <Alert role="alert" color="red" variant="light" title="Nothing was saved">
          {errorMessage(save.error)}
        </Alert>
      )}
      {saved !== null && (
        <Text role="status" size="sm" c="teal.9">
          {saved === 1 ? "1 quota saved." : `${saved} quotas saved.`}
        </Text>
      )}
      <ScrollRegion label="Quota grid (scrolls sideways)">
        <Table fz="sm" miw={640} aria-label="Quota grid">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Salesperson</Table.Th>
              {columns.map((c) => (
                <Table.Th key={c}>{c}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sellers.map((p, row) => (
              <Table.Tr key={p.id}>
                <Table.Th scope="row" fw={500} style={{ whiteSpace: "nowrap" }}>
                  {p.name}
                </Table.Th>
                {columns.map((period, col) => {
                  const k = key(p.id, period);
                  return (
                    <Table.Td key={period} miw={110}>
                      <TextInput
                        size="xs"
                        inputMode="decimal"
                        aria-label={`Quota of ${p.name} for ${period}`}
                        value={shown(k)}
                        onPaste={onPaste(row, col)}
                        onChange={(e) => {
                          const v = e.currentTarget.value;
                          setEdits((d) => ({ ...d, [k]: v }));
                          setSaved(null);
                        }}
                      />
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
    </Stack>
  );
}
