import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { csvProblem } from "./csv";
import { csvDataRows, parseCsvUpload } from "./csv-upload-stream";
import {
  createSource,
  discardSource,
  importCandidates,
  importTarget,
  type Candidate,
  type ImportSummary,
} from "./import-audience";
import { MAX_CSV_BYTES, MAX_CSV_ROWS, type CsvImportInput } from "./schemas";

/**
 * A CSV upload, streamed: the request body goes through a byte limit into csv-parse and on into the import
 * pipeline batch by batch, so a 100,000-row file never sits in memory whole. All or nothing: a failure
 * (too big, bad mapping, database error) removes what this import had written.
 */
export async function importCsvAudience(
  campaignId: string,
  input: CsvImportInput,
  body: ReadableStream<Uint8Array> | null,
  limits: { maxRows?: number; maxBytes?: number } = {},
): Promise<ImportSummary> {
  const { variableNames, kind } = await importTarget(campaignId, input.variables);
  if (!body) throw new AppError("BAD_REQUEST", "Send the CSV file as the request body.");

  const maxRows = limits.maxRows ?? MAX_CSV_ROWS;
  const maxBytes = limits.maxBytes ?? MAX_CSV_BYTES;
  const sourceId = await createSource({
    campaignId,
    kind: "CSV",
    fileName: input.fileName ?? null,
    mapping: {
      addressColumn: input.addressColumn,
      defaultCountry: input.defaultCountry,
      delimiter: input.delimiter,
      variables: input.variables,
      scheduledAtColumn: input.scheduledAtColumn ?? null,
    } as Prisma.InputJsonValue,
  });

  const { parser, stop } = parseCsvUpload(body, { delimiter: input.delimiter, maxBytes });

  async function* candidates(): AsyncGenerator<Candidate> {
    let rows = 0;
    for await (const { rowNumber, cells } of csvDataRows(parser, {
      maxRows,
      splitInto: "several campaigns",
      onHeaders: async (headers) => {
        checkColumns(headers, input);
        await updateColumns(sourceId, headers);
      },
    })) {
      rows++;
      yield { rowNumber, rawAddress: cells[input.addressColumn] ?? "", cells };
    }
    if (rows === 0) throw new AppError("VALIDATION_FAILED", "The file has a header but no data rows.");
  }

  try {
    return await importCandidates({
      campaignId,
      sourceId,
      variableNames,
      kind,
      scheduledAtColumn: input.scheduledAtColumn ?? null,
      mapping: input.variables,
      defaultCountry: input.defaultCountry,
      rows: candidates(),
    });
  } catch (error) {
    stop();
    await discardSource(sourceId);
    throw csvProblem(error); // limits and malformed CSV as a 422 naming the row
  }
}

function checkColumns(headers: string[], input: CsvImportInput) {
  const problems: { path: string; message: string }[] = [];
  if (!headers.includes(input.addressColumn))
    problems.push({ path: "addressColumn", message: `column "${input.addressColumn}" is not in the file` });
  if (input.scheduledAtColumn !== undefined && !headers.includes(input.scheduledAtColumn)) {
    problems.push({
      path: "scheduledAtColumn",
      message: `column "${input.scheduledAtColumn}" is not in the file`,
    });
  }
  for (const [name, source] of Object.entries(input.variables)) {
    if (source.kind === "column" && !headers.includes(source.column)) {
      problems.push({
        path: `variables.${name}.column`,
        message: `column "${source.column}" is not in the file`,
      });
    }
  }
  const first = problems[0];
  if (first)
    throw new AppError("VALIDATION_FAILED", `Invalid request: ${first.path}: ${first.message}`, {
      issues: problems,
    });
}

async function updateColumns(sourceId: string, headers: string[]) {
  await db.campaignAudienceSource.update({
    where: { id: sourceId },
    data: { columns: headers },
    select: { id: true },
  });
}
