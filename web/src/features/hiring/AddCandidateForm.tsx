/**
 * Adding a candidate for one of the teams the user recruits for, or (with
 * `candidate`) changing one's details; the non-predictors go in their own fields.
 */
import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api, errorMessage } from "../../api";
import { type Candidate, useHiringWrite } from "./hiring";

const EMPTY = {
  name: "",
  email: "",
  phone: "",
  source: "",
  notes: "",
  experience: "",
  degree: "",
  claimedBook: "",
};

/** A candidate's text fields by name (the form reads them generically). */
type Fields = Record<string, string | null | undefined>;

export function AddCandidateForm(props: { teams: string[]; candidate?: Candidate; onDone?: () => void }) {
  const navigate = useNavigate();
  const c0 = props.candidate;
  const [f, setF] = useState(
    c0
      ? (Object.fromEntries(
          Object.keys(EMPTY).map((k) => [
            k,
            ((c0 as unknown as Fields)[k] ?? (c0.nonPredictors as unknown as Fields)[k] ?? "") as string,
          ]),
        ) as typeof EMPTY)
      : EMPTY,
  );
  const [team, setTeam] = useState(c0?.team ?? "");
  const chosen = team || props.teams[0] || "";
  const add = useHiringWrite(
    (body: Record<string, string | null>) =>
      c0
        ? api<Candidate>(`/candidates/${c0.id}`, { method: "PATCH", body })
        : api<Candidate>("/candidates", { method: "POST", body }),
    (c) => (c0 ? props.onDone?.() : navigate(`/candidates/${c.id}`)),
  );
  const field = (k: keyof typeof EMPTY, label: string) => (
    <TextInput label={label} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.currentTarget.value })} />
  );
  const submit = () => {
    const body: Record<string, string | null> = { team: chosen };
    // Adding: only what was filled in; editing: an emptied field is cleared (the name stays required).
    for (const [k, v] of Object.entries(f)) if (v.trim() || (c0 && k !== "name")) body[k] = v.trim() || null;
    add.mutate(body);
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="add-candidate-h">
      <Title order={2} fz={18} id="add-candidate-h" mb="xs">
        {c0 ? "Edit details" : "Add a candidate"}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Name"
            required
            value={f.name}
            onChange={(e) => setF({ ...f, name: e.currentTarget.value })}
          />
          <NativeSelect
            label="Team"
            data={props.teams}
            value={chosen}
            onChange={(e) => setTeam(e.currentTarget.value)}
          />
          {field("email", "Email")}
          {field("phone", "Phone")}
          {field("source", "Source (referral, job board…)")}
          {field("experience", "Experience (not scored)")}
          {field("degree", "Degree (not scored)")}
          {field("claimedBook", "Claimed book of business (not scored)")}
        </SimpleGrid>
        <Textarea
          mt="sm"
          label="CV or notes"
          autosize
          minRows={2}
          value={f.notes}
          onChange={(e) => setF({ ...f, notes: e.currentTarget.value })}
        />
        {add.error && (
          <Alert color="red" mt="sm">
            {errorMessage(add.error)}
          </Alert>
        )}
        <Group mt="sm">
          <Button type="submit" color="indigo.8" loading={add.isPending}>
            {c0 ? "Save details" : "Add candidate"}
          </Button>
          {c0 && (
            <Button variant="default" onClick={props.onDone}>
              Cancel
            </Button>
          )}
        </Group>
      </form>
    </Paper>
  );
}
