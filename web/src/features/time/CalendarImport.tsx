import { Alert, Button, FileInput, Group, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { errorMessage } from "../../api";
import { hours, today, useImportIcs } from "./time";

/** Upload an .ics calendar for a date range; shows how each event was classified. */
export function CalendarImport() {
  const imp = useImportIcs();
  const [file, setFile] = useState<File | null>(null);
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState(today());
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    imp.mutate({ ics: await file.text(), from, to });
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="ics-h">
      <Title order={2} fz={18} id="ics-h" mb="sm">
        Import a calendar (.ics)
      </Title>
      <form onSubmit={submit}>
        <Group align="flex-end" wrap="wrap">
          <FileInput
            label="Calendar file"
            accept=".ics,text/calendar"
            value={file}
            onChange={setFile}
            miw={200}
            clearable
          />
          <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          <Button color="indigo.8" type="submit" disabled={!file} loading={imp.isPending}>
            Import
          </Button>
        </Group>
      </form>
      {imp.error && (
        <Alert color="red" mt="sm">
          {errorMessage(imp.error)}
        </Alert>
      )}
      {imp.data && (
        <Stack gap={4} mt="sm">
          <Text size="sm">
            {imp.data.events.length} events, {imp.data.added} new entries.
          </Text>
          <Table verticalSpacing={2} aria-label="Imported events">
            <Table.Tbody>
              {imp.data.events.map((e) => (
                <Table.Tr key={`${e.start}-${e.title}`}>
                  <Table.Td>{e.date}</Table.Td>
                  <Table.Td>{e.title}</Table.Td>
                  <Table.Td>{hours(e.minutes)}</Table.Td>
                  <Table.Td>{e.category}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Paper>
  );
}
