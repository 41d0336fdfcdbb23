/** Hire: one step makes the salesperson in the candidate's team, reporting to its manager. */
import { Alert, Button, Paper, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { api, errorMessage } from "../../api";
import { useSession } from "../auth/session";
import { SignInLinkModal } from "../settings-admin/SignInLinkModal";
import { type CandidateDetail, useHiringWrite } from "./hiring";

export function HirePanel(props: { candidate: CandidateDetail }) {
  const c = props.candidate;
  const [email, setEmail] = useState(c.email ?? "");
  const hire = useHiringWrite((body: { email?: string }) =>
    api(`/candidates/${c.id}/hire`, { method: "POST", body }),
  );
  const ready = c.status === "interviewed" || c.status === "offered";
  const isAdmin = useSession().data?.person.role === "admin";
  const [linkOpen, setLinkOpen] = useState(false);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="hire-h">
      <Title order={2} fz={18} id="hire-h" mb="xs">
        Hire
      </Title>
      {c.status === "hired" ? (
        <>
          <Text size="sm">
            Hired: {c.name} is a salesperson in team {c.team}. To sign in, they need a one-time sign-in link
            from an admin (Settings → People).
          </Text>
          {isAdmin && c.personId && (
            <>
              <Button size="xs" variant="light" mt="xs" onClick={() => setLinkOpen(true)}>
                Make a sign-in link
              </Button>
              <SignInLinkModal
                person={linkOpen ? { id: c.personId, name: c.name } : null}
                onClose={() => setLinkOpen(false)}
              />
            </>
          )}
        </>
      ) : !ready ? (
        <Text size="sm">
          Interview the candidate first: only an interviewed or offered candidate can be hired.
        </Text>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            hire.mutate(email.trim() ? { email: email.trim() } : {});
          }}
        >
          <Text size="sm" mb="xs">
            Makes {c.name} a salesperson in team {c.team}, reporting to the team's manager.
          </Text>
          <TextInput
            label="Email for the new person"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          {hire.error && (
            <Alert color="red" mt="sm">
              {errorMessage(hire.error)}
            </Alert>
          )}
          <Button type="submit" mt="sm" color="teal.9" loading={hire.isPending}>
            Hire {c.name}
          </Button>
        </form>
      )}
    </Paper>
  );
}
