import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { Navigate, useLocation } from "react-router";
import { errorMessage } from "../../api";
import { CenteredPanel } from "../../ui/CenteredPanel";
import { useSession, useSignIn } from "./session";

export function SignInPage() {
  const session = useSession();
  const signIn = useSignIn();
  const location = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const from = (location.state as { from?: string } | null)?.from ?? "/";

  if (session.data) return <Navigate to={from} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ email: email.trim(), password });
  };

  return (
    <CenteredPanel title="Sign in to Stepwise">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {signIn.isError && (
            <Alert role="alert" color="red" variant="light" title="Could not sign in">
              {errorMessage(signIn.error)}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            inputMode="email"
            // The first thing anyone does here is type their email.
            // biome-ignore lint/a11y/noAutofocus: the page's only purpose is this form
            autoFocus
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={signIn.isPending} fullWidth size="md">
            Sign in
          </Button>
        </Stack>
      </form>
    </CenteredPanel>
  );
}
