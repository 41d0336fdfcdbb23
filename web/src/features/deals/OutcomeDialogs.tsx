/** Lose or disqualify (a reason is required) and correct a mistaken move (a step and a reason). */
import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, Textarea } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { errorMessage } from "../../api";
import { stepLabel } from "./deals";

function ReasonForm(props: {
  title: string;
  intro: string;
  submitLabel: string;
  color?: string;
  pending: boolean;
  error: unknown;
  onClose: () => void;
  onSubmit: (v: { reason: string; choice: string }) => void;
  choiceLabel: string;
  choices: { value: string; label: string }[];
}) {
  const [reason, setReason] = useState("");
  const [choice, setChoice] = useState(props.choices[0]?.value ?? "");
  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setMissing(true);
    setMissing(false);
    props.onSubmit({ reason: reason.trim(), choice });
  };
  return (
    <Modal opened onClose={props.onClose} title={props.title}>
      <form onSubmit={submit} noValidate aria-label={props.title}>
        <Stack gap="sm">
          <Text size="sm">{props.intro}</Text>
          <NativeSelect
            label={props.choiceLabel}
            data={props.choices}
            value={choice}
            onChange={(e) => setChoice(e.currentTarget.value)}
          />
          <Textarea
            data-autofocus
            label="Reason"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={missing ? "A reason is required." : undefined}
          />
          {props.error ? (
            <Alert role="alert" color="red" variant="light">
              {errorMessage(props.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" color={props.color} loading={props.pending}>
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function LoseDialog(props: {
  dealName: string;
  pending: boolean;
  error: unknown;
  onClose: () => void;
  onLose: (status: "lost" | "disqualified", reason: string) => void;
}) {
  return (
    <ReasonForm
      title={`Lose ${props.dealName}`}
      intro="The deal leaves the pipeline at its current step. Say why: the reasons show where deals are lost."
      submitLabel="Lose the deal"
      color="red"
      pending={props.pending}
      error={props.error}
      onClose={props.onClose}
      choiceLabel="Outcome"
      choices={[
        { value: "lost", label: "Lost" },
        { value: "disqualified", label: "Disqualified" },
      ]}
      onSubmit={(v) => props.onLose(v.choice as "lost" | "disqualified", v.reason)}
    />
  );
}

export function CorrectStepDialog(props: {
  currentStep: number;
  pending: boolean;
  error: unknown;
  onClose: () => void;
  onCorrect: (step: number, reason: string) => void;
}) {
  const choices = [1, 2, 3, 4, 5, 6]
    .filter((s) => s !== props.currentStep)
    .map((s) => ({ value: String(s), label: `${s}. ${stepLabel(s)}` }))
    .reverse();
  return (
    <ReasonForm
      title="Correct the last move"
      intro={`The last move to ${stepLabel(props.currentStep)} was a mistake? It stays in the history, marked as corrected with your reason, and stops counting in the reports.`}
      submitLabel="Correct the move"
      pending={props.pending}
      error={props.error}
      onClose={props.onClose}
      choiceLabel="The deal is really at"
      choices={choices}
      onSubmit={(v) => props.onCorrect(Number(v.choice), v.reason)}
    />
  );
}
