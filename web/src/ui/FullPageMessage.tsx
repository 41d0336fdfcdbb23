import { Alert, Button, Center, Loader, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { errorMessage } from "../api";

/** Loading, or a failure with a way to try again, where a whole screen would be. */
export function FullPageMessage(props: {
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  return (
    <Center mih={240} p="md">
      {props.error ? (
        <Alert role="alert" color="red" title="Something went wrong" maw={480}>
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{errorMessage(props.error)}</Text>
            {props.onRetry && (
              <Button size="xs" variant="light" color="red" onClick={props.onRetry}>
                Try again
              </Button>
            )}
          </Stack>
        </Alert>
      ) : (
        <Stack align="center" gap="xs" role="status">
          {props.loading && <Loader size="sm" />}
          <Text c="dimmed" size="sm">
            {props.children}
          </Text>
        </Stack>
      )}
    </Center>
  );
}
