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
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, api, errorMessage } from "../../api";
import { useSession } from "../auth/session";
import { STEP_LABELS, useCadence } from "../reviews/reviews";
import { currentQuarter, type Scorecard, usePeople } from "../team/managing";
import { COACHING_KINDS, kindLabel, useCoaching } from "./coaching";

/** /coaching — sessions (joint call, role-play, skill coaching) tied to a step, with notes and a follow-up. */
export function CoachingPage() {
  const session = useSession();
  const manages = (session.data?.person.role ?? "salesperson") !== "salesperson";
  const list = useCoaching();
  return (
    <Stack p={{ base: "sm", sm: "lg" }} gap="lg" maw={1100}>
      <Title order={1} fz={24}>
        Coaching
      </Title>
      {manages && <NewSession />}
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="sessions-h">
        <Title order={2} fz={18} id="sessions-h" mb="sm">
          Sessions
        </Title>
        {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
        {list.data?.length === 0 && <Text c="gray.7">No coaching sessions yet.</Text>}
        {!!list.data?.length && (
          <Table verticalSpacing="xs" aria-label="Coaching sessions">
            <Table.Tbody>
              {list.data.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {s.personName} · {kindLabel(s.kind)}
                      {s.step ? ` · ${STEP_LABELS[s.step]}` : ""}
                    </Text>
                    <Text size="xs" c="gray.7">
                      {s.heldOn}, {s.minutes} min, by {s.managerName}
                      {s.followUpOn ? ` · follow up ${s.followUpOn}` : ""}
                    </Text>
                    {s.notes && <Text size="sm">{s.notes}</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}

function NewSession() {
  const qc = useQueryClient();
  const people = useCadence();
  const [personId, setPersonId] = useState("");
  const [kind, setKind] = useState("skill_coaching");
  const [step, setStep] = useState("");
  // Until the manager picks a step, the session is about the person's coaching focus this quarter
  // (their weakest step against the team, from the scorecard).
  const [stepPicked, setStepPicked] = useState(false);
  const everyone = usePeople();
  const quarter = currentQuarter();
  const scorecard = useQuery({
    queryKey: ["coaching-focus", quarter],
    queryFn: () => api<Scorecard>(`/metrics/scorecard?period=${quarter}`),
  });
  const chosen = personId || people.data?.[0]?.personId;
  const chosenPerson = everyone.data?.find((p) => p.id === chosen);
  const focus = scorecard.data?.people.find((p) => p.email === chosenPerson?.email)?.coachingFocus ?? null;
  const sessionStep = stepPicked ? step : (focus ?? "");
  const [heldOn, setHeldOn] = useState(new Date().toISOString().slice(0, 10));
  const [minutes, setMinutes] = useState<number | string>(30);
  const [notes, setNotes] = useState("");
  const [followUpOn, setFollowUpOn] = useState("");
  const create = useMutation({
    mutationFn: () =>
      api("/coaching", {
        method: "POST",
        body: {
          personId: personId || people.data?.[0]?.personId,
          kind,
          ...(sessionStep ? { step: sessionStep } : {}),
          heldOn,
          minutes: Number(minutes),
          ...(notes ? { notes } : {}),
          ...(followUpOn ? { followUpOn } : {}),
        },
      }),
    onSuccess: () => {
      setNotes("");
      qc.invalidateQueries({ queryKey: ["coaching"] });
    },
  });
  const field = (p: string) => (create.error instanceof ApiError ? create.error.fieldError(p) : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="new-session-h">
      <Title order={2} fz={18} id="new-session-h" mb="sm">
        Record a session
      </Title>
      <form onSubmit={submit}>
        <Stack gap="xs">
          <Group grow wrap="wrap" align="flex-start">
            <NativeSelect
              label="Person"
              data={(people.data ?? []).map((p) => ({ value: p.personId, label: p.name }))}
              value={personId}
              onChange={(e) => {
                setPersonId(e.currentTarget.value);
                setStepPicked(false);
              }}
              miw={160}
            />
            <NativeSelect
              label="Kind"
              data={COACHING_KINDS}
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value)}
              miw={160}
            />
            <NativeSelect
              label="Step"
              data={[
                { value: "", label: "No particular step" },
                ...Object.entries(STEP_LABELS)
                  .slice(0, 6)
                  .map(([value, label]) => ({ value, label })),
              ]}
              value={sessionStep}
              onChange={(e) => {
                setStep(e.currentTarget.value);
                setStepPicked(true);
              }}
              description={
                focus && chosenPerson
                  ? `${chosenPerson.name}'s coaching focus: ${STEP_LABELS[focus]}`
                  : undefined
              }
              miw={160}
            />
          </Group>
          <Group grow wrap="wrap" align="flex-start">
            <TextInput
              label="Date"
              type="date"
              value={heldOn}
              onChange={(e) => setHeldOn(e.currentTarget.value)}
              miw={140}
            />
            <NumberInput
              label="Minutes"
              value={minutes}
              onChange={setMinutes}
              min={1}
              max={1440}
              error={field("minutes")}
              miw={100}
            />
            <TextInput
              label="Follow up on"
              type="date"
              value={followUpOn}
              onChange={(e) => setFollowUpOn(e.currentTarget.value)}
              error={field("followUpOn")}
              miw={140}
            />
          </Group>
          <Textarea
            label="Notes"
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          {create.error && !field("minutes") && !field("followUpOn") && (
            <Alert color="red">{errorMessage(create.error)}</Alert>
          )}
          <Group>
            <Button type="submit" color="indigo.8" loading={create.isPending}>
              Save session
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
