/**
 * /welcome#<token>: a one-time sign-in link an admin made. The person chooses a password and is
 * signed in. The token travels in the URL's fragment, so it is never in a request line or a log.
 */
import { Alert, Button, Stack, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError, api, errorMessage } from "../../api";
import { CenteredPanel } from "../../ui/CenteredPanel";
import { MIN_PASSWORD, NewPasswordFields, newPasswordProblems } from "./NewPasswordFields";
import { SESSION_KEY, type Session, useStartSession } from "./session";

export function WelcomePage() {
  const token = window.location.hash.slice(1);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [tried, setTried] = useState(false);
  const set = useStartSession(() =>
    api<Session>("/auth/set-password", { method: "POST", body: { token, password } }),
  );
  const opened = () => {
    // Whatever this browser had cached belonged to whoever was here before.
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    navigate("/", { replace: true });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (newPasswordProblems(password, repeat).ok) set.mutate(undefined, { onSuccess: opened });
  };
  const linkBroken = set.error instanceof ApiError && !!set.error.fieldError("token");

  if (!token) {
    return (
      <CenteredPanel title="This link is incomplete">
        <Text size="sm">
          Open the whole sign-in link your admin sent you, or <Link to="/sign-in">sign in</Link> with your
          password.
        </Text>
      </CenteredPanel>
    );
  }
  return (
    <CenteredPanel
      title="Welcome to Stepwise"
      intro="Choose your password. You will be signed in, and this link stops working."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {set.isError && (
            <Alert
              role="alert"
              color="red"
              variant="light"
              title={linkBroken ? "This link does not work" : "Could not set your password"}
            >
              {errorMessage(set.error)}
            </Alert>
          )}
          <NewPasswordFields
            password={password}
            repeat={repeat}
            onPassword={setPassword}
            onRepeat={setRepeat}
            tried={tried}
            repeatLabel="Repeat it"
            description={`At least ${MIN_PASSWORD} characters; a few words you remember are best.`}
            autoFocus
          />
          <Button type="submit" loading={set.isPending} fullWidth size="md">
            Set password and sign in
          </Button>
        </Stack>
      </form>
    </CenteredPanel>
  );
}
