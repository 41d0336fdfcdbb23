/**
 * An interview from the guide: per attribute and per step, pick the guide's
 * questions asked and note the answers, then score 1–4 with the evidence.
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useState } from "react";
import { api, errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { type Question, SCALE, SUBJECTS, subjectLabel, useGuide, useHiringWrite } from "./hiring";

interface Body {
  heldOn: string;
  answers: { questionId: string; answer: string }[];
  scores: { subject: string; score: number; evidence: string }[];
}

export function InterviewForm(props: { candidateId: string; onDone: () => void }) {
  const guide = useGuide();
  const [heldOn, setHeldOn] = useState(new Date().toISOString().slice(0, 10));
  const [asked, setAsked] = useState<Record<string, string | undefined>>({});
  const [scores, setScores] = useState<Record<string, { score: string; evidence: string }>>({});
  const save = useHiringWrite(
    (body: Body) => api(`/candidates/${props.candidateId}/interviews`, { method: "POST", body }),
    props.onDone,
  );
  if (guide.isPending) return <FullPageMessage loading>Loading the guide…</FullPageMessage>;
  if (guide.isError) return <FullPageMessage error={guide.error} onRetry={() => guide.refetch()} />;
  const active = guide.data.filter((q) => q.active);
  const submit = () =>
    save.mutate({
      heldOn,
      answers: Object.entries(asked).flatMap(([questionId, answer]) =>
        answer === undefined ? [] : [{ questionId, answer }],
      ),
      scores: Object.entries(scores).flatMap(([subject, s]) =>
        s.score ? [{ subject, score: Number(s.score), evidence: s.evidence }] : [],
      ),
    });
  return (
    <form
      aria-label="Interview"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm" mt="sm">
        <TextInput
          type="date"
          label="Held on"
          value={heldOn}
          onChange={(e) => setHeldOn(e.currentTarget.value)}
          w={200}
        />
        <Text size="sm" c="gray.7">
          Score only what you probed: 1 no evidence or against, 2 thin or only claimed, 3 clear from an
          example, 4 strong and repeated. Say what the candidate said or did.
        </Text>
        {SUBJECTS.map((s) => (
          <SubjectFields
            key={s}
            subject={s}
            questions={active.filter((q) => q.subject === s)}
            asked={asked}
            onAsked={setAsked}
            value={scores[s] ?? { score: "", evidence: "" }}
            onChange={(v) => setScores({ ...scores, [s]: v })}
          />
        ))}
        {save.error && <Alert color="red">{errorMessage(save.error)}</Alert>}
        <Group>
          <Button type="submit" color="indigo.8" loading={save.isPending}>
            Save interview
          </Button>
          <Button variant="default" onClick={props.onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function SubjectFields(props: {
  subject: string;
  questions: Question[];
  asked: Record<string, string | undefined>;
  onAsked: (a: Record<string, string | undefined>) => void;
  value: { score: string; evidence: string };
  onChange: (v: { score: string; evidence: string }) => void;
}) {
  const { asked, onAsked, value } = props;
  return (
    <fieldset
      style={{
        border: "1px solid var(--mantine-color-gray-3)",
        borderRadius: 8,
        padding: 12,
        margin: 0,
        minWidth: 0,
      }}
    >
      <legend style={{ fontWeight: 600, padding: "0 4px" }}>{subjectLabel(props.subject)}</legend>
      <Stack gap={6}>
        {props.questions.map((q) => (
          <div key={q.id}>
            <Checkbox
              label={q.text}
              checked={asked[q.id] !== undefined}
              onChange={(e) => {
                const next = { ...asked };
                if (e.currentTarget.checked) next[q.id] = "";
                else delete next[q.id];
                onAsked(next);
              }}
            />
            {asked[q.id] !== undefined && (
              <Textarea
                mt={4}
                ml={28}
                label="Their answer"
                autosize
                minRows={1}
                value={asked[q.id]}
                onChange={(e) => onAsked({ ...asked, [q.id]: e.currentTarget.value })}
              />
            )}
          </div>
        ))}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <NativeSelect
            label="Score"
            data={[
              { value: "", label: "Not scored" },
              ...Object.entries(SCALE).map(([v, label]) => ({ value: v, label })),
            ]}
            value={value.score}
            onChange={(e) => props.onChange({ ...value, score: e.currentTarget.value })}
          />
          <TextInput
            label="Evidence"
            value={value.evidence}
            onChange={(e) => props.onChange({ ...value, evidence: e.currentTarget.value })}
          />
        </SimpleGrid>
      </Stack>
    </fieldset>
  );
}
