import { describe, expect, it } from "vitest";
import { findMentions } from "./find-mentions";

const people = [
  { id: "1", name: "Ana" },
  { id: "2", name: "Ana Maria" },
  { id: "3", name: "Ben O'Neil" },
  { id: "4", name: "Zoë" },
];
const ids = (body: string) =>
  findMentions(body, people)
    .map((p) => p.id)
    .sort();

describe("findMentions", () => {
  it.each([
    ["@Ana can you look?", ["1"]],
    ["ask @Ana Maria please", ["2"]],
    ["@ana maria and @ANA", ["1", "2"]],
    ["cc @Ben O'Neil, @Zoë.", ["3", "4"]],
    ["(@Zoë)", ["4"]],
    ["@Anabel is not Ana", []],
    ["mail ana@Ana.com", []],
    ["no mention here", []],
    ["@@Ana", []],
  ])("%s", (body, expected) => {
    expect(ids(body)).toEqual(expected);
  });
});
