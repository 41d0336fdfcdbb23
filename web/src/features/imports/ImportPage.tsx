import {
  Alert,
  Badge,
  Box,
  Button,
  FileInput,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { STEP_KEYS, STEP_NAMES } from "../../../../src/domain/steps";
import { errorMessage } from "../../api";
import { plural } from "../../ui/format";
import {
  type FileCount,
  type FilePreview,
  FORMATS,
  type ImportIssue,
  type ImportMapping,
  type ImportOutcome,
  type ImportPreview,
  KIND_LABEL,
  usePreview,
  useRunImport,
} from "./imports";
import "./imports.css";

type Stage = "upload" | "preview" | "map" | "check" | "done";
const STAGE_LABEL: Record<Stage, string> = {
  upload: "Upload",
  preview: "Preview",
  map: "Map",
  check: "Check",
  done: "Import",
};

/**
 * Admins: bring records in from CSV files — upload, preview, map (vendor formats
 * only), a dry run that lists every problem, then the import. Nothing is written
 * before the last step, and that step is all or nothing.
 */
export function ImportPage() {
  const [stage, setStage] = useState<Stage>("upload");
  const [files, setFiles] = useState<File[]>([]);
  const [format, setFormat] = useState(FORMATS[0].value);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [check, setCheck] = useState<ImportOutcome | null>(null);
  const [done, setDone] = useState<ImportOutcome | null>(null);
  const previewCall = usePreview();
  const run = useRunImport();
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Each step starts with its heading focused, so keyboard and screen-reader users know where they are.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the focus moves when the step changes
  useEffect(() => {
    headingRef.current?.focus();
  }, [stage]);

  const hasMapping = preview?.mapping != null;
  const stages: Stage[] = hasMapping
    ? ["upload", "preview", "map", "check", "done"]
    : ["upload", "preview", "check", "done"];
  const input = { files, format, mapping };

  const startOver = () => {
    setFiles([]);
    setPreview(null);
    setMapping(null);
    setCheck(null);
    setDone(null);
    previewCall.reset();
    run.reset();
    setStage("upload");
  };

  const doPreview = () =>
    previewCall.mutate(
      { files, format, mapping: null },
      {
        onSuccess: (p) => {
          setPreview(p);
          setMapping(p.mapping);
          setStage("preview");
        },
      },
    );
  const doCheck = () => {
    setCheck(null);
    run.mutate(
      { ...input, dryRun: true },
      {
        onSuccess: (o) => {
          setCheck(o);
          setStage("check");
        },
      },
    );
  };
  const doImport = () =>
    run.mutate(
      { ...input, dryRun: false },
      {
        onSuccess: (o) => {
          if (o.ok) {
            setDone(o);
            setStage("done");
          } else setCheck(o);
        },
      },
    );

  const heading = (text: string) => (
    <Title order={3} fz={17} ref={headingRef} tabIndex={-1} style={{ outline: "none" }}>
      {text}
    </Title>
  );
  const callError = previewCall.error ?? run.error;

  return (
    <Stack gap="lg">
      <div>
        <Title order={2} fz={20}>
          Import data
        </Title>
        <Text size="sm" c="dimmed">
          Bring people, deals, their step history and activities in from CSV files. The files are checked
          together and imported all or nothing; importing the same files again changes nothing.
        </Text>
      </div>

      <ol className="import-steps" aria-label="Import steps">
        {stages.map((s, i) => {
          const now = stages.indexOf(stage);
          return (
            <li
              key={s}
              aria-current={i === now ? "step" : undefined}
              data-state={i < now ? "done" : i === now ? "current" : "todo"}
            >
              <span className="import-steps-n" aria-hidden>
                {i < now ? "✓" : i + 1}
              </span>
              {STAGE_LABEL[s]}
              {i < now && <VisuallyHidden> (done)</VisuallyHidden>}
            </li>
          );
        })}
      </ol>

      {callError && (
        <Alert role="alert" color="red" variant="light" title="That did not work">
          {errorMessage(callError)}
        </Alert>
      )}

      {stage === "upload" && (
        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            {heading("1. Choose the files")}
            {format === "generic" ? (
              <Text size="sm">
                Name each file after what it holds: <code>people.csv</code>, <code>contacts.csv</code>,{" "}
                <code>quotas.csv</code>, <code>deals.csv</code>, <code>deal_steps.csv</code>,{" "}
                <code>activities.csv</code>, <code>time_entries.csv</code> (any of them). The columns are
                described in docs/import.md.
              </Text>
            ) : (
              <Text size="sm">
                Choose the CSV files exported from your CRM as they are (they are recognised by their
                columns), and a <code>people.csv</code> of your salespeople if they are not in Stepwise yet.
                Next you confirm how its stages map to the seven steps and who its owners are
                (docs/import-vendors.md).
              </Text>
            )}
            <NativeSelect
              label="Format"
              data={FORMATS}
              value={format}
              onChange={(e) => setFormat(e.currentTarget.value)}
              maw={480}
            />
            <FileInput
              label="CSV files"
              placeholder="Choose files"
              // Mantine's placeholder grey is below AA contrast (axe: color-contrast).
              styles={{ placeholder: { color: "var(--mantine-color-gray-7)" } }}
              multiple
              clearable
              accept=".csv,text/csv"
              value={files}
              onChange={setFiles}
              maw={480}
            />
            {files.length > 0 && (
              <Text size="sm" c="dimmed">
                {plural(files.length, "file", "files")} chosen: {files.map((f) => f.name).join(", ")}
              </Text>
            )}
            <Group>
              <Button onClick={doPreview} disabled={files.length === 0} loading={previewCall.isPending}>
                Preview
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}

      {stage === "preview" && preview && (
        <Paper withBorder radius="md" p="md">
          <Stack gap="md">
            {heading("2. Preview")}
            <Text size="sm">
              Into the organisation <b>{preview.organisation.name}</b>. Nothing has been checked against your
              data yet.
            </Text>
            {preview.files.map((f) => (
              <FileCard key={f.file} file={f} />
            ))}
            <Group>
              <Button variant="default" onClick={startOver}>
                Back
              </Button>
              {hasMapping ? (
                <Button onClick={() => setStage("map")}>Next: map stages and owners</Button>
              ) : (
                <Button onClick={doCheck} loading={run.isPending}>
                  Check for problems
                </Button>
              )}
            </Group>
          </Stack>
        </Paper>
      )}

      {stage === "map" && mapping && (
        <Paper withBorder radius="md" p="md">
          <Stack gap="md">
            {heading("3. Map stages and owners")}
            {(preview?.review.length ?? 0) > 0 ? (
              <Alert color="yellow" variant="light" title="Please check these guesses">
                <Stack gap={4}>
                  {preview?.review.map((r) => (
                    <Text size="sm" key={`${r.kind}:${r.value}`}>
                      <b>{r.value}</b> ({r.kind}): {r.reason} — first in {r.file}, line {r.line}
                    </Text>
                  ))}
                </Stack>
              </Alert>
            ) : (
              <Text size="sm">Every stage and owner matched exactly; change anything that is not right.</Text>
            )}
            <MappingEditor mapping={mapping} onChange={setMapping} />
            <Group>
              <Button variant="default" onClick={() => setStage("preview")}>
                Back
              </Button>
              <Button onClick={doCheck} loading={run.isPending}>
                Check for problems
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}

      {stage === "check" && check && (
        <Paper withBorder radius="md" p="md">
          <Stack gap="md">
            {check.ok ? (
              <>
                {heading(`${stages.indexOf("check") + 1}. Check: no problems found`)}
                <Text size="sm">
                  A trial run found nothing wrong. This is what the import will do (nothing is written yet):
                </Text>
                <CountTable files={check.result.files} caption="What the import will do" />
                <Group>
                  <Button variant="default" onClick={startOver}>
                    Start over
                  </Button>
                  <Button onClick={doImport} loading={run.isPending}>
                    Import now
                  </Button>
                </Group>
              </>
            ) : (
              <>
                {heading(
                  `${stages.indexOf("check") + 1}. Check: ${plural(
                    check.issues.length + check.more,
                    "problem",
                    "problems",
                  )} found`,
                )}
                <Alert color="red" variant="light" role="alert" title="Nothing was imported">
                  Fix these in your files, then choose the corrected files again. Every problem names the
                  file, the line (as a spreadsheet numbers it, the header is line 1) and the column.
                </Alert>
                <IssueTable issues={check.issues} />
                {check.more > 0 && (
                  <Text size="sm" c="dimmed">
                    …and {check.more} more not listed.
                  </Text>
                )}
                <Group>
                  <Button onClick={startOver}>Choose corrected files</Button>
                </Group>
              </>
            )}
          </Stack>
        </Paper>
      )}

      {stage === "done" && done?.ok && (
        <Paper withBorder radius="md" p="md">
          <Stack gap="md">
            {heading("Imported")}
            <Alert color="teal" variant="light" role="status" title="The import is complete">
              {plural(
                done.result.files.reduce((a, f) => a + f.rows, 0),
                "row",
                "rows",
              )}{" "}
              read into {preview?.organisation.name ?? done.result.org.slug}
              {done.result.accountsCreated > 0
                ? `; ${plural(done.result.accountsCreated, "new account", "new accounts")}`
                : ""}
              .
            </Alert>
            <CountTable files={done.result.files} caption="What was imported" />
            <Group>
              <Button variant="default" onClick={startOver}>
                Import more files
              </Button>
              <Button component={Link} to="/">
                Go to the deal board
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

function FileCard(props: { file: FilePreview }) {
  const f = props.file;
  const id = `preview-${f.file.replace(/[^a-z0-9]/gi, "-")}`;
  return (
    <section aria-labelledby={id}>
      <Group gap="xs" mb={4} wrap="wrap">
        <Title order={4} fz={15} id={id} ff="monospace">
          {f.file}
        </Title>
        {f.kind ? (
          <Badge variant="light">{KIND_LABEL[f.kind] ?? f.kind}</Badge>
        ) : (
          <Badge color="red" variant="light">
            Unknown file
          </Badge>
        )}
        <Text size="sm" c="dimmed">
          {plural(f.rows, "row", "rows")}
        </Text>
      </Group>
      {f.problem && (
        <Text size="sm" c="red.8" mb={4}>
          {f.problem}
        </Text>
      )}
      {f.columns.length > 0 && (
        <Table.ScrollContainer minWidth={Math.min(900, f.columns.length * 130)}>
          <Table fz="xs" withTableBorder withColumnBorders verticalSpacing={4} aria-labelledby={id}>
            <Table.Thead>
              <Table.Tr>
                {f.columns.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed preview; names may repeat
                  <Table.Th key={`${i}-${c}`} scope="col" ff="monospace">
                    {c}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {f.sample.map((row, r) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a fixed preview; rows may repeat
                <Table.Tr key={`${r}-${row.join()}`}>
                  {f.columns.map((c, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a fixed preview; names may repeat
                    <Table.Td key={`${i}-${c}`}>{row[i] ?? ""}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {f.rows > f.sample.length && (
        <Text size="xs" c="dimmed">
          The first {f.sample.length} of {f.rows} rows.
        </Text>
      )}
    </section>
  );
}

const issueValue = (i: ImportIssue) => (i.value === null ? "—" : i.value === "" ? "(empty)" : i.value);
const issueKey = (i: ImportIssue) => `${i.file}:${i.line}:${i.column}:${i.reason}`;

/** Every problem: a table on a wide screen, a list of short blocks on a phone (no sideways scrolling). */
function IssueTable(props: { issues: ImportIssue[] }) {
  const label = "Problems found, in file order";
  return (
    <>
      <Box visibleFrom="sm">
        <Table striped fz="sm" verticalSpacing={6} aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">File</Table.Th>
              <Table.Th scope="col">Line</Table.Th>
              <Table.Th scope="col">Column</Table.Th>
              <Table.Th scope="col">Value</Table.Th>
              <Table.Th scope="col">Problem</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.issues.map((i) => (
              <Table.Tr key={issueKey(i)}>
                <Table.Td ff="monospace">{i.file}</Table.Td>
                <Table.Td>{i.line > 0 ? i.line : "whole file"}</Table.Td>
                <Table.Td ff="monospace">{i.column || "—"}</Table.Td>
                <Table.Td ff="monospace" style={{ wordBreak: "break-all" }}>
                  {issueValue(i)}
                </Table.Td>
                <Table.Td>{i.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
      <Box hiddenFrom="sm" component="ul" aria-label={label} className="import-issue-list">
        {props.issues.map((i) => (
          <li key={issueKey(i)}>
            <Text fz="sm" fw={600} ff="monospace">
              {i.file}
              {i.line > 0 ? `, line ${i.line}` : ""}
              {i.column ? `, ${i.column}` : ""}
            </Text>
            <Text fz="sm">{i.reason}</Text>
            <Text fz="sm" c="dimmed" style={{ wordBreak: "break-all" }}>
              Value:{" "}
              <Text span ff="monospace" fz="sm">
                {issueValue(i)}
              </Text>
            </Text>
          </li>
        ))}
      </Box>
    </>
  );
}

function CountTable(props: { files: FileCount[]; caption: string }) {
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped fz="sm" verticalSpacing={6} aria-label={props.caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">File</Table.Th>
            <Table.Th scope="col" ta="right">
              Rows
            </Table.Th>
            <Table.Th scope="col" ta="right">
              New
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Updated
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Unchanged
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.files.map((f) => (
            <Table.Tr key={f.file}>
              <Table.Th scope="row" fw={500}>
                {KIND_LABEL[f.kind] ?? f.kind}{" "}
                <Text span c="dimmed" fz="xs" ff="monospace">
                  ({f.file})
                </Text>
              </Table.Th>
              <Table.Td ta="right">{f.rows}</Table.Td>
              <Table.Td ta="right">{f.inserted}</Table.Td>
              <Table.Td ta="right">{f.updated}</Table.Td>
              <Table.Td ta="right">{f.unchanged}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const STEP_OPTIONS = [
  { value: "", label: "— not mapped —" },
  ...STEP_KEYS.map((k, i) => ({ value: k, label: `${i + 1}. ${STEP_NAMES[k]}` })),
  { value: "won", label: "Won (closed)" },
  { value: "lost", label: "Lost (closed)" },
  { value: "disqualified", label: "Disqualified (closed)" },
  { value: "ignore", label: "Ignore: do not import these deals" },
];

/** The vendor formats' guess, to confirm or correct: each stage → a step, each owner → a person's email. */
function MappingEditor(props: { mapping: ImportMapping; onChange: (m: ImportMapping) => void }) {
  const { stages = {}, owners = {} } = props.mapping;
  const set = (group: "stages" | "owners", key: string, value: string) =>
    props.onChange({ ...props.mapping, [group]: { ...props.mapping[group], [key]: value || null } });
  return (
    <Stack gap="md">
      <NativeSelect
        label="Dates like 3/4/2026 are"
        data={[
          { value: "MDY", label: "month first (March 4, as in the US)" },
          { value: "DMY", label: "day first (3 April)" },
        ]}
        value={props.mapping.dateOrder ?? "MDY"}
        onChange={(e) =>
          props.onChange({ ...props.mapping, dateOrder: e.currentTarget.value as "MDY" | "DMY" })
        }
        maw={420}
      />
      {Object.keys(stages).length > 0 && (
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <Text component="legend" fw={600} size="sm" mb={6}>
            Stages → Stepwise steps
          </Text>
          <Stack gap="xs">
            {Object.entries(stages).map(([stage, step]) => (
              <NativeSelect
                key={stage}
                label={stage}
                data={STEP_OPTIONS}
                value={step ?? ""}
                onChange={(e) => set("stages", stage, e.currentTarget.value)}
                maw={420}
              />
            ))}
          </Stack>
        </fieldset>
      )}
      {Object.keys(owners).length > 0 && (
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <Text component="legend" fw={600} size="sm" mb={6}>
            Owners → people (email)
          </Text>
          <Stack gap="xs">
            {Object.entries(owners).map(([owner, email]) => (
              <TextInput
                key={owner}
                label={owner}
                type="email"
                value={email ?? ""}
                onChange={(e) => set("owners", owner, e.currentTarget.value)}
                maw={420}
              />
            ))}
          </Stack>
        </fieldset>
      )}
    </Stack>
  );
}
