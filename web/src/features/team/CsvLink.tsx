import { Anchor } from "@mantine/core";
import { type ReportScope, scopeQuery } from "./managing";

/** Downloads a report as CSV, exactly the API's `?format=csv` (the figures of the table beside it). */
export function CsvLink(props: { kind: string; scope: ReportScope; label: string }) {
  return (
    <Anchor
      size="sm"
      href={`/api/v1/metrics/${props.kind}?${scopeQuery(props.scope, { format: "csv" })}`}
      download={`${props.kind}-${props.scope.period}.csv`}
    >
      {props.label}
    </Anchor>
  );
}
