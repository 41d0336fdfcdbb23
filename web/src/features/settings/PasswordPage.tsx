/** Settings → Password: change your own password with the current one; your other sessions end. */
import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, api, errorMessage } from "../../api";
import { NewPasswordFields, newPasswordProblems } from "../auth/NewPasswordFields";

export function PasswordPage() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [tried, setTried] = useState(false);
  const change = useMutation({
    mutationFn: () =>
      api<null>("/auth/password", { method: "POST", body: { currentPassword: current, newPassword: next } }),
    onSuccess: () => {
      setCurrent("");
      setNext("");
      setRepeat("");
      setTried(false);
    },
  });
  const fieldError = (path: string) =>
    change.error instanceof ApiError ? change.error.fieldError(path) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    change.reset();
    if (newPasswordProblems(next, repeat).ok && current) change.mutate();
  };
  return (
    <Stack gap="sm" maw={480}>
      <Title order={2} fz={20}>
        Password
      </Title>
      <Text size="sm" c="dimmed">
        Changing it signs you out everywhere else (other browsers and phones); API tokens keep working.
      </Text>
      <Paper withBorder p="md" radius="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {change.isSuccess && (
              <Alert role="status" color="green" variant="light">
                Your password is changed. Other sessions are signed out.
              </Alert>
            )}
            {change.isError && !fieldError("currentPassword") && (
              <Alert role="alert" color="red" variant="light">
                {errorMessage(change.error)}
              </Alert>
            )}
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={
                fieldError("currentPassword") ??
                (tried && !current ? "Type your current password." : undefined)
              }
            />
            <NewPasswordFields
              password={next}
              repeat={repeat}
              onPassword={setNext}
              onRepeat={setRepeat}
              tried={tried}
              repeatLabel="Repeat the new password"
            />
            <Button type="submit" loading={change.isPending} style={{ alignSelf: "flex-start" }}>
              Change password
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
