/** A new password typed twice, with the same rule everywhere (the API checks it too: 10 characters). */
import { PasswordInput } from "@mantine/core";

export const MIN_PASSWORD = 10;

/** What is wrong with a new password and its repetition, in words (undefined: nothing). */
export function newPasswordProblems(password: string, repeat: string) {
  const short = password.length < MIN_PASSWORD ? `At least ${MIN_PASSWORD} characters.` : undefined;
  const differs = repeat !== password ? "The two passwords differ." : undefined;
  return { short, differs, ok: !short && !differs };
}

export function NewPasswordFields(props: {
  password: string;
  repeat: string;
  onPassword: (v: string) => void;
  onRepeat: (v: string) => void;
  /** Show the problems only once the person tried to submit. */
  tried: boolean;
  repeatLabel: string;
  description?: string;
  autoFocus?: boolean;
}) {
  const p = newPasswordProblems(props.password, props.repeat);
  return (
    <>
      <PasswordInput
        label="New password"
        description={props.description ?? `At least ${MIN_PASSWORD} characters.`}
        autoComplete="new-password"
        autoFocus={props.autoFocus}
        required
        value={props.password}
        onChange={(e) => props.onPassword(e.currentTarget.value)}
        error={props.tried ? p.short : undefined}
      />
      <PasswordInput
        label={props.repeatLabel}
        autoComplete="new-password"
        required
        value={props.repeat}
        onChange={(e) => props.onRepeat(e.currentTarget.value)}
        error={props.tried && !p.short ? p.differs : undefined}
      />
    </>
  );
}
