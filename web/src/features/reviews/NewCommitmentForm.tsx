import { Alert, Button, Group, NativeSelect, NumberInput, Stack, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { ApiError, errorMessage } from "../../api";
import { ACTIVITY_KINDS, nextFriday, STEP_LABELS, useCreateCommitment } from "./reviews";

const MEASURES = [
  { value: "", label: "Not measurable (marked at the next review)" },
  ...ACTIVITY_KINDS.map((k) => ({ value: `activity:${k}`, label: `Activities: ${k}` })),
  ...Object.entries(STEP_LABELS)
    .slice(0, 6)
    .map(([k, v]) => ({ value: `step:${k}`, label: `Deals entering ${v}` })),
];

/** Records a commitment in a review: free text, or measurable (what is counted, how many, by when). */
export function NewCommitmentForm(props: { personId: string; reviewId: string }) {
  const create = useCreateCommitment();
  const [text, setText] = useState("");
  const [measure, setMeasure] = useState("");
  const [target, setTarget] = useState<number | string>("");
  const [dueDate, setDueDate] = useState(nextFriday());
  const field = (p: string) => (create.error instanceof ApiError ? create.error.fieldError(p) : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const [kind, value] = measure.split(":");
    create.mutate(
      {
        personId: props.personId,
        reviewId: props.reviewId,
        text,
        dueDate,
        ...(measure
          ? {
              measure: kind === "step" ? { step: value } : { activityKind: value },
              target: typeof target === "number" ? target : Number(target),
            }
          : {}),
      },
      {
        onSuccess: () => {
          setText("");
          setTarget("");
          setMeasure("");
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="New commitment">
      <Stack gap="xs">
        <TextInput
          label="Commitment"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          required
          error={field("text")}
        />
        <Group grow align="flex-start" wrap="wrap">
          <NativeSelect
            label="Measured by"
            data={MEASURES}
            value={measure}
            onChange={(e) => setMeasure(e.currentTarget.value)}
            miw={200}
          />
          <NumberInput
            label="Target"
            value={target}
            onChange={setTarget}
            min={1}
            disabled={!measure}
            error={field("target")}
            miw={100}
          />
          <TextInput
            label="Due date"
            type="date"
            value={dueDate}
            onChange={(e) => setDueDate(e.currentTarget.value)}
            required
            error={field("dueDate")}
            miw={150}
          />
        </Group>
        {create.error && !field("text") && !field("target") && !field("dueDate") && (
          <Alert color="red">{errorMessage(create.error)}</Alert>
        )}
        <Group>
          <Button color="indigo.8" type="submit" loading={create.isPending}>
            Add commitment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
