/** Settings → Steps: each step's name and exit criteria (the 7 steps and their order are fixed). */
import { Alert, Button, Paper, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { type ProcessStep, useSteps } from "../team/managing";
import { updateStep, useAdminWrite } from "./admin";

function StepForm(props: { step: ProcessStep }) {
  const [name, setName] = useState(props.step.name);
  const [exitCriteria, setExit] = useState(props.step.exitCriteria);
  const save = useAdminWrite(updateStep);
  const n = props.step.stepNumber;
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label={`Step ${n}`}>
      <Stack gap="xs">
        <TextInput label={`Step ${n}: name`} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Textarea
          label={`Step ${n}: exit criteria`}
          description="When a deal may move on from this step."
          autosize
          minRows={2}
          value={exitCriteria}
          onChange={(e) => setExit(e.currentTarget.value)}
        />
        <div>
          <Button
            size="xs"
            onClick={() => save.mutate({ step: props.step.step, name: name.trim(), exitCriteria })}
            loading={save.isPending}
            disabled={!name.trim()}
          >
            Save step {n}
          </Button>
        </div>
        {save.isError && (
          <Alert role="alert" color="red" variant="light">
            {errorMessage(save.error)}
          </Alert>
        )}
        {save.isSuccess && (
          <Text role="status" size="sm" c="teal.9">
            Saved.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

export function StepsPage() {
  const steps = useSteps();
  if (steps.isPending) return <FullPageMessage loading>Loading steps…</FullPageMessage>;
  if (steps.isError) return <FullPageMessage error={steps.error} onRetry={() => steps.refetch()} />;
  return (
    <Stack gap="sm">
      <Title order={2} fz={20}>
        Steps of the sales process
      </Title>
      <Text size="sm" c="dimmed">
        Every sale goes through the same 7 steps, in this order. Name them in your organisation's words and
        say when a deal may move on.
      </Text>
      {steps.data.map((s) => (
        <StepForm key={s.step} step={s} />
      ))}
    </Stack>
  );
}
