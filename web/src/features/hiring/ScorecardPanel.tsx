/** The scorecard: attributes and steps down, interviewers across, disagreements (spread ≥ 2) marked. */
import { Badge, Paper, Table, Text, Title } from "@mantine/core";
import { ScrollRegion } from "../team/ScrollRegion";
import { type CandidateDetail, subjectLabel } from "./hiring";

export function ScorecardPanel(props: { card: CandidateDetail["scorecard"] }) {
  const { card } = props;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="scorecard-h">
      <Title order={2} fz={18} id="scorecard-h">
        Scorecard
      </Title>
      <Text size="sm" c="gray.7" mb="xs">
        Scores 1–4 with the evidence, per interviewer. Two scores 2 or more apart are a disagreement: talk it
        over.
        {card.interviewers.length > 0 &&
          ` ${card.disagreements} disagreement${card.disagreements === 1 ? "" : "s"}.`}
      </Text>
      {card.interviewers.length === 0 ? (
        <Text size="sm">No interview yet.</Text>
      ) : (
        <ScrollRegion label="Scorecard (scrolls sideways)">
          <Table fz="sm" miw={560} aria-label="Scorecard" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Attribute or step</Table.Th>
                {card.interviewers.map((i) => (
                  <Table.Th key={i.id}>{i.name}</Table.Th>
                ))}
                <Table.Th>Mean</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {card.rows
                .filter((r) => r.scores.some((s) => s))
                .map((r) => (
                  <Table.Tr key={r.subject} bg={r.disagreement ? "orange.0" : undefined}>
                    <Table.Th scope="row" fw={500}>
                      {subjectLabel(r.subject)}
                      {r.disagreement && (
                        <Badge ml={6} color="red.9" variant="filled" size="sm">
                          Disagreement
                        </Badge>
                      )}
                    </Table.Th>
                    {r.scores.map((s, i) => (
                      <Table.Td key={card.interviewers[i].id}>
                        {s ? (
                          <>
                            <Text span fw={700}>
                              {s.score}
                            </Text>{" "}
                            <Text span size="xs" c="gray.7">
                              {s.evidence}
                            </Text>
                          </>
                        ) : (
                          "—"
                        )}
                      </Table.Td>
                    ))}
                    <Table.Td>{r.mean === null ? "—" : r.mean.toFixed(1)}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </Paper>
  );
}
