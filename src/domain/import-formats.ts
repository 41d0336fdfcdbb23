/** The input formats of the import. Here, not in the service, so that the CLI can list them without loading it. */
export const IMPORT_FORMATS = ["generic", "pipedrive", "hubspot", "salesforce"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
