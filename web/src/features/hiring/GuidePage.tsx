/** Settings → Interview guide (admins): the questions per attribute and per step; add, reword, reorder, retire. */
import {
  Alert,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { api, errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { type Question, SUBJECTS, subjectLabel, useGuide, useHiringWrite } from "./hiring";

export function GuidePage() {
  const guide = useGuide();
  const [subject, setSubject] = useState(SUBJECTS[0]);
  const [text, setText] = useState("");
  const add = useHiringWrite(
    (body: { subject: string; text: string }) => api("/interview-guide/questions", { method: "POST", body }),
    () => setText(""),
  );
  if (guide.isPending) return <FullPageMessage loading>Loading the guide…</FullPageMessage>;
  if (guide.isError) return <FullPageMessage error={guide.error} onRetry={() => guide.refetch()} />;
  return (
    <Stack gap="md">
      <div>
        <Title order={2} fz={20}>
          Interview guide
        </Title>
        <Text size="sm" c="gray.7">
          Behavioural questions per attribute that predicts success and per step. Interviewers pick from the
          active ones.
        </Text>
      </div>
      {SUBJECTS.map((s) => {
        const qs = guide.data.filter((q) => q.subject === s);
        return (
          <Paper key={s} withBorder p="sm" radius="md" component="section" aria-label={subjectLabel(s)}>
            <Title order={3} fz={16} mb={6}>
              {subjectLabel(s)}
            </Title>
            {qs.length === 0 && <Text size="sm">No question yet.</Text>}
            <Stack gap="xs">
              {qs.map((q) => (
                <QuestionRow key={q.id} q={q} />
              ))}
            </Stack>
          </Paper>
        );
      })}
      <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="add-q-h">
        <Title order={3} fz={16} id="add-q-h" mb={6}>
          Add a question
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate({ subject, text });
          }}
        >
          <Group align="flex-end" wrap="wrap" gap="xs">
            <NativeSelect
              label="Attribute or step"
              data={SUBJECTS.map((s) => ({ value: s, label: subjectLabel(s) }))}
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
            />
            <TextInput
              label="Question"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              style={{ flex: 1, minWidth: 220 }}
            />
            <Button type="submit" color="indigo.8" loading={add.isPending}>
              Add question
            </Button>
          </Group>
          {add.error && (
            <Alert color="red" mt="xs">
              {errorMessage(add.error)}
            </Alert>
          )}
        </form>
      </Paper>
    </Stack>
  );
}

function QuestionRow(props: { q: Question }) {
  const { q } = props;
  const [text, setText] = useState(q.text);
  const [position, setPosition] = useState<number | string>(q.position);
  const edit = useHiringWrite((body: Partial<Question>) =>
    api(`/interview-guide/questions/${q.id}`, { method: "PATCH", body }),
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        edit.mutate({ text, position: Number(position) });
      }}
    >
      <Group align="flex-end" wrap="wrap" gap="xs">
        <TextInput
          label="Question"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          style={{ flex: 1, minWidth: 220 }}
        />
        <NumberInput label="Order" value={position} onChange={setPosition} min={0} max={10000} w={90} />
        <Switch
          label="Active"
          checked={q.active}
          onChange={(e) => edit.mutate({ active: e.currentTarget.checked })}
          mb={6}
        />
        <Button type="submit" variant="default" loading={edit.isPending}>
          Save
        </Button>
      </Group>
      {edit.error && (
        <Alert color="red" mt="xs">
          {errorMessage(edit.error)}
        </Alert>
      )}
    </form>
  );
}
