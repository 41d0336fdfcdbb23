import {
  Alert,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import { ApiError, errorMessage } from "../../api";
import { CalendarImport } from "./CalendarImport";
import { TimeRules } from "./TimeRules";
import { CATEGORIES, type Category, hours, today, useAddTime, useTimesheet } from "./time";

const pct = (x: number | null) => (x == null ? "—" : `${Math.round(x * 100)} %`);

/** /time — the manager's own time: quick entries, the weekly timesheet, the calendar import and rules. */
export function TimePage() {
  return (
    <Stack p={{ base: "sm", sm: "lg" }} gap="lg" maw={1100}>
      <Title order={1} fz={24}>
        My time
      </Title>
      <QuickEntry />
      <WeeklySheet />
      <CalendarImport />
      <TimeRules />
    </Stack>
  );
}

function QuickEntry() {
  const add = useAddTime();
  const [date, setDate] = useState(today());
  const [category, setCategory] = useState<Category>("accountability");
  const [minutes, setMinutes] = useState<number | string>(30);
  const field = (p: string) => (add.error instanceof ApiError ? add.error.fieldError(p) : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ date, category, minutes: Number(minutes) });
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="quick-h">
      <Title order={2} fz={18} id="quick-h" mb="sm">
        Record time
      </Title>
      <form onSubmit={submit}>
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label="Date"
            type="date"
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={field("date")}
          />
          <NativeSelect
            label="Category"
            data={[...CATEGORIES]}
            value={category}
            onChange={(e) => setCategory(e.currentTarget.value as Category)}
          />
          <NumberInput
            label="Minutes"
            value={minutes}
            onChange={setMinutes}
            min={1}
            max={1440}
            error={field("minutes")}
            w={120}
          />
          <Button color="indigo.8" type="submit" loading={add.isPending}>
            Add
          </Button>
        </Group>
        {add.error && !field("date") && !field("minutes") && (
          <Alert color="red" mt="xs">
            {errorMessage(add.error)}
          </Alert>
        )}
      </form>
    </Paper>
  );
}

function WeeklySheet() {
  const sheet = useTimesheet();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="sheet-h">
      <Title order={2} fz={18} id="sheet-h" mb="sm">
        Weekly timesheet
      </Title>
      {sheet.isError && <Alert color="red">{errorMessage(sheet.error)}</Alert>}
      {sheet.data && (
        <Stack gap="xs">
          <Text size="sm">
            Managing share {pct(sheet.data.managingShare)} (target {pct(sheet.data.target)}) with{" "}
            {sheet.data.directReports} direct reports, over {sheet.data.from} – {sheet.data.to}.
          </Text>
          <Table verticalSpacing={4} aria-label="Weekly timesheet">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Week of</Table.Th>
                {CATEGORIES.map((c) => (
                  <Table.Th key={c} ta="right" visibleFrom="sm">
                    {c}
                  </Table.Th>
                ))}
                <Table.Th ta="right">Total</Table.Th>
                <Table.Th ta="right">Managing</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sheet.data.weeks.map((w) => (
                <Table.Tr key={w.week}>
                  <Table.Td>{w.week}</Table.Td>
                  {CATEGORIES.map((c) => (
                    <Table.Td key={c} ta="right" visibleFrom="sm">
                      {w.minutes[c] ? hours(w.minutes[c]) : "—"}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right">{hours(w.total)}</Table.Td>
                  <Table.Td ta="right">{pct(w.managingShare)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Paper>
  );
}
