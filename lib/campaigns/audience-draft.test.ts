import { describe, expect, it } from "vitest";
import {
  audienceFrom,
  audienceProblem,
  audienceSource,
  emptyCsvAudience,
  segmentAudience,
  variableColumns,
  withFilter,
  withInspection,
  type ContactsAudience,
} from "./audience-draft";
import type { CsvInspection } from "./csv";

const inspect = (
  headers: string[],
  addressColumn: string | null,
  delimiter: "," | ";" = ",",
): CsvInspection => ({
  delimiter,
  headers,
  sampleRows: [],
  addressColumn,
});
const file = new File(["x"], "a.csv");

describe("audience draft", () => {
  it("tells the three sources apart and starts each fresh", () => {
    expect(audienceSource(audienceFrom("csv"))).toBe("csv");
    expect(audienceSource(audienceFrom("contacts"))).toBe("contacts");
    expect(audienceSource(audienceFrom("segment"))).toBe("segment");
    expect(audienceFrom("segment")).toEqual(segmentAudience(""));
  });

  it("keeps the chosen phone column while the re-read file has it, else takes the detected one", () => {
    const first = withInspection(emptyCsvAudience(), file, inspect(["Name", "Mobile"], "Mobile", ";"));
    expect(first).toMatchObject({ addressColumn: "Mobile", delimiter: ";", file });
    const chosen = { ...first, addressColumn: "Name" };
    expect(withInspection(chosen, file, inspect(["Name", "Mobile"], "Mobile")).addressColumn).toBe("Name");
    expect(withInspection(chosen, file, inspect(["Full name", "Tel"], null)).addressColumn).toBe("");
  });

  it("says why it cannot go on: no file, no phone column, no segment, nobody matching", () => {
    expect(audienceProblem(emptyCsvAudience())).toBe("Choose a CSV file.");
    const read = withInspection(emptyCsvAudience(), file, inspect(["Name", "Tel"], null));
    expect(audienceProblem(read)).toBe("Pick the column that holds the numbers.");
    expect(audienceProblem({ ...read, addressColumn: "Tel" })).toBeNull();
    expect(audienceProblem(segmentAudience(""))).toBe("Pick a segment.");
    expect(audienceProblem({ ...segmentAudience("s1"), matching: 0 })).toBe("No contacts match yet.");
    expect(audienceProblem({ ...segmentAudience("s1"), matching: 2 })).toBeNull();
  });

  it("drops an emptied filter setting and offers every column but the phone column", () => {
    const contacts = audienceFrom("contacts") as ContactsAudience;
    const filtered = withFilter(contacts, { q: "ana", activeWithinDays: 7 });
    expect(withFilter(filtered, { q: undefined }).filter).toEqual({ activeWithinDays: 7 });
    const read = withInspection(emptyCsvAudience(), file, inspect(["Name", "Tel", "Date"], "Tel"));
    expect(variableColumns(read)).toEqual(["Name", "Date"]);
    expect(variableColumns(contacts)).toEqual([]);
  });
});
