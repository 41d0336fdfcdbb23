import {
  Alert,
  Button,
  Fieldset,
  List,
  NativeSelect,
  PasswordInput,
  SimpleGrid,
  Stack,
  TextInput,
} from "@mantine/core";
import { type FormEvent, useMemo, useState } from "react";
import { Navigate, useNavigate } from "react-router";
import { ApiError, errorMessage } from "../../api";
import { CenteredPanel } from "../../ui/CenteredPanel";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { useSignIn } from "../auth/session";
import { browserTimeZone, slugify, timeZones, useRunSetup, useSetupNeeded } from "./setup";

const MIN_PASSWORD = 10;

/** The API names fields by path; people know them by their labels. */
const FIELD_LABELS: Record<string, string> = {
  "organisation.name": "Organisation name",
  "organisation.slug": "Slug",
  "organisation.timeZone": "Time zone",
  "organisation.currency": "Currency",
  "admin.name": "Your name",
  "admin.email": "Email",
  "admin.password": "Password",
  setupCode: "Setup code",
};

const legendStyles = {
  legend: { fontWeight: 700, fontSize: "var(--mantine-font-size-md)", marginBottom: 4 },
};

export function SetupPage() {
  const needed = useSetupNeeded();
  const runSetup = useRunSetup();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const zones = useMemo(timeZones, []);
  const [orgName, setOrgName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [currency, setCurrency] = useState("USD");
  const [adminName, setAdminName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [setupCode, setSetupCode] = useState("");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});

  if (needed.isPending) return <FullPageMessage loading>Loading…</FullPageMessage>;
  if (needed.isError) return <FullPageMessage error={needed.error} onRetry={() => needed.refetch()} />;
  // Setup is done (by this form or before): the usual way in is signing in.
  if (!needed.data && !runSetup.isSuccess) return <Navigate to="/sign-in" replace />;

  const serverError = runSetup.error instanceof ApiError ? runSetup.error : undefined;
  const fieldError = (path: string) => clientErrors[path] ?? serverError?.fieldError(path);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!orgName.trim()) errors["organisation.name"] = "Enter the organisation's name.";
    if (!slug.trim()) errors["organisation.slug"] = "Enter a slug.";
    if (!adminName.trim()) errors["admin.name"] = "Enter your name.";
    if (!email.trim()) errors["admin.email"] = "Enter your email address.";
    if (password.length < MIN_PASSWORD) errors["admin.password"] = `Use at least ${MIN_PASSWORD} characters.`;
    if (!setupCode.trim()) errors.setupCode = "Enter the setup code from the server's log.";
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const org = {
      name: orgName.trim(),
      slug: slug.trim(),
      timeZone,
      currency: currency.trim().toUpperCase(),
    };
    const admin = { name: adminName.trim(), email: email.trim(), password };
    try {
      await runSetup.mutateAsync({ organisation: org, admin, setupCode: setupCode.trim() });
    } catch {
      return; // shown below
    }
    try {
      await signIn.mutateAsync({ email: admin.email, password, org: org.slug });
      navigate("/", { replace: true });
    } catch {
      navigate("/sign-in", { replace: true });
    }
  };

  return (
    <CenteredPanel
      title="Set up Stepwise"
      intro="Create your organisation and the first admin account. All fields are needed; you can add your team afterwards."
      width={560}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          {runSetup.isError && (
            <Alert role="alert" color="red" variant="light" title="Setup did not finish">
              {serverError && serverError.details.length > 0 ? (
                <List size="sm" spacing={2}>
                  {serverError.details.map((d) => (
                    <List.Item key={d.path}>
                      {FIELD_LABELS[d.path] ?? d.path}: {d.message}
                    </List.Item>
                  ))}
                </List>
              ) : (
                errorMessage(runSetup.error)
              )}
            </Alert>
          )}
          <TextInput
            label="Setup code"
            description="Printed in the server's log when it started (stepwise serve / npm start)."
            required
            autoComplete="off"
            spellCheck={false}
            value={setupCode}
            error={fieldError("setupCode")}
            onChange={(e) => setSetupCode(e.currentTarget.value)}
          />
          <Fieldset legend="Organisation" variant="unstyled" styles={legendStyles}>
            <Stack gap="sm">
              <TextInput
                label="Organisation name"
                required
                autoComplete="organization"
                value={orgName}
                error={fieldError("organisation.name")}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setOrgName(v);
                  if (!slugEdited) setSlug(slugify(v));
                }}
              />
              <TextInput
                label="Slug"
                description="Lowercase letters, digits and dashes; used when signing in to one of several organisations."
                required
                autoCapitalize="none"
                spellCheck={false}
                value={slug}
                error={fieldError("organisation.slug")}
                onChange={(e) => {
                  setSlug(e.currentTarget.value);
                  setSlugEdited(true);
                }}
              />
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                <NativeSelect
                  label="Time zone"
                  description="Periods and weeks follow this zone."
                  value={timeZone}
                  data={zones}
                  error={fieldError("organisation.timeZone")}
                  onChange={(e) => setTimeZone(e.currentTarget.value)}
                />
                <TextInput
                  label="Currency"
                  description="ISO code, such as USD, EUR or GBP."
                  maxLength={3}
                  autoCapitalize="characters"
                  spellCheck={false}
                  value={currency}
                  error={fieldError("organisation.currency")}
                  onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
                />
              </SimpleGrid>
            </Stack>
          </Fieldset>
          <Fieldset legend="Your admin account" variant="unstyled" styles={legendStyles}>
            <Stack gap="sm">
              <TextInput
                label="Your name"
                required
                autoComplete="name"
                value={adminName}
                error={fieldError("admin.name")}
                onChange={(e) => setAdminName(e.currentTarget.value)}
              />
              <TextInput
                label="Email"
                type="email"
                inputMode="email"
                required
                autoComplete="username"
                value={email}
                error={fieldError("admin.email")}
                onChange={(e) => setEmail(e.currentTarget.value)}
              />
              <PasswordInput
                label="Password"
                description={`At least ${MIN_PASSWORD} characters.`}
                required
                autoComplete="new-password"
                value={password}
                error={fieldError("admin.password")}
                // PasswordInput does not mark its inner input invalid by itself.
                aria-invalid={fieldError("admin.password") ? true : undefined}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
            </Stack>
          </Fieldset>
          <Button type="submit" size="md" fullWidth loading={runSetup.isPending || signIn.isPending}>
            Create organisation
          </Button>
        </Stack>
      </form>
    </CenteredPanel>
  );
}
