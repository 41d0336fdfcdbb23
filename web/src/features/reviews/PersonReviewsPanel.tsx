import { Anchor, Paper, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { formatDateTime } from "../../ui/format";
import { CommitmentList } from "./CommitmentList";
import { useReviews } from "./reviews";

/**
 * For the Person page (and My week with the person's own id): their reviews and
 * commitments, missed ones included. Self-contained: takes a personId.
 */
export function PersonReviewsPanel(props: { personId: string; canMark?: boolean }) {
  const reviews = useReviews(props.personId);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={`pr-${props.personId}`}>
      <Title order={2} fz={18} id={`pr-${props.personId}`} mb="sm">
        Reviews and commitments
      </Title>
      <Stack gap="sm">
        <CommitmentList personId={props.personId} canMark={!!props.canMark} />
        {reviews.data?.length ? (
          <Stack gap={2}>
            {reviews.data.slice(0, 10).map((r) => (
              <Anchor key={r.id} c="indigo.9" component={Link} to={`/reviews/${r.id}`} size="sm">
                {r.kind === "pipeline" ? "Pipeline review" : "Review"} — {formatDateTime(r.heldAt)}
              </Anchor>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="gray.7">
            No reviews yet.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
