/** The candidate's interviews (who, when, what was asked and answered) and recording a new one. */
import { Button, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { type CandidateDetail, PIPELINE } from "./hiring";
import { InterviewForm } from "./InterviewForm";

export function InterviewsPanel(props: { candidate: CandidateDetail }) {
  const c = props.candidate;
  const [open, setOpen] = useState(false);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="interviews-h">
      <Title order={2} fz={18} id="interviews-h" mb="xs">
        Interviews
      </Title>
      {c.interviews.length === 0 && <Text size="sm">No interview yet.</Text>}
      <Stack gap="sm">
        {c.interviews.map((i) => (
          <div key={i.id}>
            <Text size="sm" fw={600}>
              {i.interviewerName} · {i.heldOn}
            </Text>
            {i.answers.map((a) => (
              <Text size="sm" key={a.questionId}>
                <Text span c="gray.7">
                  {a.question}
                </Text>{" "}
                — {a.answer}
              </Text>
            ))}
          </div>
        ))}
      </Stack>
      {PIPELINE.includes(c.status) &&
        (open ? (
          <InterviewForm candidateId={c.id} onDone={() => setOpen(false)} />
        ) : (
          <Button mt="sm" color="indigo.8" onClick={() => setOpen(true)}>
            Record an interview
          </Button>
        ))}
    </Paper>
  );
}
