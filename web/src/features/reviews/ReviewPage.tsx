import { Alert, Button, Group, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useParams } from "react-router";
import { errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { formatDateTime } from "../../ui/format";
import { useSession } from "../auth/session";
import { AgendaView } from "./AgendaView";
import { CommitmentList } from "./CommitmentList";
import { NewCommitmentForm } from "./NewCommitmentForm";
import "./print.css";
import { type Review, useReview, useSaveNotes, useSignOff } from "./reviews";

/** /reviews/:id — one review: its frozen agenda, notes, commitments and sign-off; printable. */
export function ReviewPage() {
  const { id = "" } = useParams();
  const review = useReview(id);
  const session = useSession();
  if (review.isPending) return <FullPageMessage loading>Loading the review…</FullPageMessage>;
  if (review.isError) return <FullPageMessage error={review.error} onRetry={() => review.refetch()} />;
  const r = review.data;
  const me = session.data?.person.id;
  const isPerson = me === r.personId;
  return (
    <Stack p={{ base: "sm", sm: "lg" }} gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} fz={24}>
            {r.kind === "pipeline" ? "Pipeline review" : "Review"} with {r.personName}
          </Title>
          <Text c="gray.7" size="sm">
            {formatDateTime(r.heldAt)} · by {r.managerName}
          </Text>
        </div>
        <Button variant="default" onClick={() => window.print()} className="no-print">
          Print agenda
        </Button>
      </Group>
      {r.agenda ? (
        <AgendaView agenda={r.agenda} pipeline={r.kind === "pipeline"} />
      ) : (
        <Text c="gray.7">This review has no recorded agenda.</Text>
      )}
      <Notes review={r} editable={!isPerson} />
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="made-h">
        <Title order={2} fz={18} id="made-h" mb="sm">
          Commitments made in this review
        </Title>
        <Stack gap="md">
          <CommitmentList canMark={!isPerson} items={r.commitments} />
          {!isPerson && (
            <div className="no-print">
              <NewCommitmentForm personId={r.personId} reviewId={r.id} />
            </div>
          )}
        </Stack>
      </Paper>
      <SignOff review={r} isPerson={isPerson} />
    </Stack>
  );
}

function Notes({ review, editable }: { review: Review; editable: boolean }) {
  const save = useSaveNotes(review.id);
  const [notes, setNotes] = useState(review.notes ?? "");
  useEffect(() => setNotes(review.notes ?? ""), [review.notes]);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="notes-h">
      <Title order={2} fz={18} id="notes-h" mb="sm">
        Notes
      </Title>
      {editable ? (
        <Stack gap="xs">
          <Textarea
            label="Notes"
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            autosize
            minRows={3}
          />
          {save.error && <Alert color="red">{errorMessage(save.error)}</Alert>}
          <Group className="no-print">
            <Button variant="default" onClick={() => save.mutate(notes)} loading={save.isPending}>
              Save notes
            </Button>
            {save.isSuccess && (
              <Text size="sm" c="teal.9">
                Saved.
              </Text>
            )}
          </Group>
        </Stack>
      ) : (
        <Text style={{ whiteSpace: "pre-wrap" }}>{review.notes || "No notes."}</Text>
      )}
    </Paper>
  );
}

function SignOff({ review, isPerson }: { review: Review; isPerson: boolean }) {
  const sign = useSignOff(review.id);
  const mine = isPerson ? review.personSignedAt : review.managerSignedAt;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="sign-h">
      <Title order={2} fz={18} id="sign-h" mb="sm">
        Sign-off
      </Title>
      <Text size="sm">
        Manager: {review.managerSignedAt ? formatDateTime(review.managerSignedAt) : "not yet"}
      </Text>
      <Text size="sm">
        {review.personName}: {review.personSignedAt ? formatDateTime(review.personSignedAt) : "not yet"}
      </Text>
      {sign.error && <Alert color="red">{errorMessage(sign.error)}</Alert>}
      {!mine && (
        <Button
          color="indigo.8"
          mt="sm"
          onClick={() => sign.mutate()}
          loading={sign.isPending}
          className="no-print"
        >
          Sign off
        </Button>
      )}
    </Paper>
  );
}
