/** The candidate's statuses with their dates, and moving them along. */
import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { api, errorMessage } from "../../api";
import { formatDateTime } from "../../ui/format";
import { type CandidateDetail, STATUSES, useHiringWrite } from "./hiring";

const NEXT: Record<string, string[]> = {
  sourced: ["screened", "interviewed", "offered", "declined", "withdrawn"],
  screened: ["interviewed", "offered", "declined", "withdrawn"],
  interviewed: ["offered", "declined", "withdrawn"],
  offered: ["declined", "withdrawn"],
};

export function StatusPanel(props: { candidate: CandidateDetail }) {
  const c = props.candidate;
  const options = NEXT[c.status] ?? [];
  const [to, setTo] = useState("");
  const [note, setNote] = useState("");
  const move = useHiringWrite(
    (body: { status: string; note?: string }) => api(`/candidates/${c.id}/status`, { method: "POST", body }),
    () => setNote(""),
  );
  const target = to && options.includes(to) ? to : options[0];
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="status-h">
      <Title order={2} fz={18} id="status-h" mb="xs">
        Status history
      </Title>
      <Stack gap={2} component="ol" style={{ margin: 0, paddingLeft: 20 }}>
        {c.history.map((h) => (
          <Text component="li" size="sm" key={`${h.status}-${h.at}`}>
            {h.status} · {formatDateTime(h.at)}
            {h.note ? ` — ${h.note}` : ""}
          </Text>
        ))}
      </Stack>
      {options.length > 0 && STATUSES.includes(c.status) && (
        <Group mt="sm" align="flex-end" wrap="wrap" gap="xs">
          <NativeSelect
            label="Move to"
            data={options}
            value={target}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
          <TextInput label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Button
            variant="default"
            loading={move.isPending}
            onClick={() => move.mutate({ status: target, ...(note.trim() ? { note: note.trim() } : {}) })}
          >
            Move
          </Button>
        </Group>
      )}
      {move.error && (
        <Alert color="red" mt="sm">
          {errorMessage(move.error)}
        </Alert>
      )}
    </Paper>
  );
}
