import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prepare, trainModel, trainModelConcurrently } from "../src/core/scoring/ml/train.js";
import { parseCsvText } from "../src/io/csv/reader.js";
import { loadModel } from "../src/io/frame/model-file.js";
import { readScoringTable } from "../src/io/frame/read-scoring.js";
import { readTrainingTable } from "../src/io/frame/read-training.js";
import { scoreFile } from "../src/io/frame/score-file.js";
import { selectInWorker } from "../src/io/frame/select-thread.js";
import { cli, cliError } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "paydirt-model-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CRM-like account table with a known pattern: big software companies win. */
function accounts(n: number, withTarget: boolean): string {
  const industries = ["Software", "Retail", "Health Care", "Finance"];
  const head = ["Account ID", "Industry", "Employees", "Annual Revenue", "Created", "Public?"];
  if (withTarget) head.splice(3, 0, "Stage");
  const lines = [head.join(",")];
  for (let i = 0; i < n; i++) {
    const ind = industries[(i * 7) % 4] as string;
    const emp = 10 + ((i * 7919) % 5000);
    const won = (ind === "Software" ? 2 : 0) + emp / 1000 + ((i * 13) % 10) / 3 > 4;
    const row = [
      `ACC-${1000 + i}`,
      ind,
      String(emp),
      i % 9 === 0 ? "" : `"$${(emp * 1234.5).toLocaleString("en-US")}"`,
      `2020-0${1 + (i % 9)}-1${i % 10}`,
      i % 3 === 0 ? "Yes" : "No",
    ];
    if (withTarget) row.splice(3, 0, won ? "Closed Won" : "Closed Lost");
    lines.push(row.join(","));
  }
  return `${lines.join("\n")}\n`;
}

describe("paydirt model", () => {
  const train = join(dir, "train.csv");
  const test = join(dir, "test.csv");
  const model = join(dir, "model.json");
  const scores = join(dir, "scores.csv");
  writeFileSync(train, accounts(400, true));
  writeFileSync(test, accounts(150, false));

  it("trains on a CSV never imported, with any column names", async () => {
    const r = await cli(
      "model",
      "train",
      "--data",
      train,
      "--target",
      "stage",
      "--positive",
      "closed won",
      "--out",
      model,
      "--folds",
      "3",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Account ID\s+dropped\s+identifier-like/);
    expect(r.out).toMatch(/Annual Revenue\s+number/);
    expect(r.out).toMatch(/Created\s+date/);
    expect(r.out).toMatch(/Public\?\s+boolean/);
    expect(r.out).toMatch(/logistic\s+0\.\d{3}\s+0\.\d{3}-0\.\d{3}/);
    expect(r.out).toMatch(/\nchosen: (nb|logistic|gbdt|blend): /);
    const m = await loadModel(model);
    // The model file keeps why its candidate was chosen and what each learner scored.
    expect(m.selection.reason).toMatch(new RegExp(`^${m.candidate}: `));
    expect(m.selection.results.map((x) => x.candidate)).toContain("nb");
    expect(m.target).toEqual({ column: "Stage", positive: "closed won" });
    expect(m.identifiers).toEqual(["Account ID"]);
  });

  it("predicts one row per input row, in order, without the target column", async () => {
    const r = await cli("model", "predict", "--model", model, "--data", test, "--out", scores);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsvText(readFileSync(scores, "utf8"));
    expect(header).toEqual(["Account ID", "score", "raised_by", "lowered_by"]);
    expect(rows).toHaveLength(150);
    expect(rows.map((x) => x.fields[0])).toEqual(
      Array.from({ length: 150 }, (_, i) => `ACC-${1000 + i}`),
    );
    const p = rows.map((x) => Number(x.fields[1]));
    for (const v of p) expect(v > 0 && v < 1).toBe(true);
    // Software accounts score higher on average, and their reasons say so.
    const soft = rows.filter((_, i) => (i * 7) % 4 === 0);
    const mean = (xs: typeof rows) => xs.reduce((s, x) => s + Number(x.fields[1]), 0) / xs.length;
    expect(mean(soft)).toBeGreaterThan(mean(rows));
    expect(soft[0]?.fields[2]).toMatch(/Industry=Software \(\+/);
  });

  it("reads a big training file in parts on worker threads, identical to one pass", async () => {
    const whole = await readTrainingTable(
      train,
      "Stage",
      "Closed Won",
      undefined,
      Number.POSITIVE_INFINITY,
    );
    const parts = await readTrainingTable(train, "Stage", "Closed Won", undefined, 4096);
    expect(parts.parts).toBe(Math.min(2, availableParallelism()));
    expect(parts.frame).toEqual(whole.frame);
    expect(parts.target).toEqual(whole.target);
  });

  it("cross-validates in a worker thread alongside the final fit, with the same model", async () => {
    const { frame, target } = await readTrainingTable(train, "Stage", "Closed Won");
    const options = { folds: 3 };
    const here = trainModel(frame, target, options);
    const there = await trainModelConcurrently(frame, target, options, selectInWorker);
    expect(there.model).toEqual(here.model);
  });

  it("scores a big file in parts on worker threads, identical to one pass", async () => {
    const m = await loadModel(model);
    const whole = join(dir, "whole.csv");
    const parts = join(dir, "parts.csv");
    await scoreFile(model, m, test, whole, 2, undefined, Number.POSITIVE_INFINITY);
    const r = await scoreFile(model, m, test, parts, 2, undefined, 2048);
    expect(r.rows).toBe(150);
    expect(r.parts).toBe(Math.min(2, availableParallelism()));
    expect(readFileSync(parts, "utf8")).toBe(readFileSync(whole, "utf8"));
  });

  it("evaluates by cross-validation with a baseline and calibration tables", async () => {
    const r = await cli(
      "model",
      "evaluate",
      "--exclude",
      "annual revenue",
      "--data",
      train,
      "--target",
      "Stage",
      "--positive",
      "Closed Won",
      "--folds",
      "3",
    );
    expect(r.code).toBe(0);
    for (const name of ["prior", "nb", "logistic", "gbdt", "blend"])
      expect(r.out).toMatch(new RegExp(`^${name}\\s+0\\.\\d{3}`, "m"));
    // A small table: repeated cross-validation, and the choice explained.
    expect(r.out).toMatch(/\d+ x 3 folds, each learner tuned inside each training fold/);
    expect(r.out).toMatch(/\nchosen: (nb|logistic|gbdt|blend): .*(noise|best)/);
    expect(r.out).toMatch(/calibration of gbdt:\nbin\s+rows\s+mean predicted\s+observed/);
    expect(r.out).toMatch(/lift top 10%/);
    expect(r.out).not.toMatch(/Annual Revenue/);
  });

  it("reads a scoring file into exactly the bins training used", async () => {
    const m = await loadModel(model);
    const { frame } = await readTrainingTable(train, "Stage", "Closed Won");
    const trained = prepare(frame);
    const scored = await readScoringTable(train, m.features, []);
    expect(trained.features.map((f) => f.column)).toEqual(m.features.map((f) => f.column));
    trained.bins.forEach((b, j) => {
      expect(Array.from(scored.dataset.bins[j] as Uint8Array)).toEqual(Array.from(b));
    });
  });

  it("tolerates pandas index columns, repeated names and ragged rows, with warnings", async () => {
    const odd = join(dir, "odd.csv");
    const lines = [",size,size,won"];
    for (let i = 0; i < 200; i++)
      lines.push(`${i},${i % 17},${(i * 7) % 5},${i % 17 > 8 ? "yes" : "no"}`);
    lines.push("200,3");
    writeFileSync(odd, `${lines.join("\n")}\n`);
    const r = await cli(
      "model",
      "train",
      "--data",
      odd,
      "--target",
      "won",
      "--out",
      join(dir, "odd.json"),
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/column1\s+dropped\s+sequential identifier/);
    expect(r.out).toMatch(/size_3\s+number/);
    // The blank column name and the short row, each at its place.
    expect(r.err).toContain(`warning: ${odd}:1:1: `);
    expect(r.err).toContain(`${odd}:202:3: `);
  });

  it("fails with clear messages: unknown column, unknown value, bad CSV, bad model file", async () => {
    const a = await cli("model", "train", "--data", train, "--target", "outcome", "--out", model);
    expect(a.code).toBe(1);
    const codeOf = async (...argv: string[]) => {
      const e = await cliError(...argv);
      return {
        kind: e?.kind,
        code: e?.code,
        file: e?.issues[0]?.path?.file,
        line: e?.issues[0]?.path?.line,
      };
    };
    expect(
      await codeOf("model", "train", "--data", train, "--target", "outcome", "--out", model),
    ).toEqual({ kind: "invalid", code: "model_target", file: train, line: undefined });
    expect(
      await codeOf(
        "model",
        "train",
        "--data",
        train,
        "--target",
        "Stage",
        "--positive",
        "Won",
        "--out",
        model,
      ),
    ).toMatchObject({ kind: "invalid", code: "model_labels", file: train });
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, 'a,b,y\n1,2,1\n3,"4,0\n5,6,0\n');
    expect(await codeOf("model", "train", "--data", bad, "--target", "y", "--out", model)).toEqual({
      kind: "invalid",
      code: "unterminated_quote",
      file: bad,
      line: 3,
    });
    const junk = join(dir, "junk.json");
    writeFileSync(junk, JSON.stringify({ format: "paydirt-fit-model", version: 2 }));
    expect(
      await codeOf("model", "predict", "--model", junk, "--data", test, "--out", scores),
    ).toMatchObject({ kind: "invalid", code: "model_file", file: junk });
    const x = await cli(
      "model",
      "evaluate",
      "--data",
      train,
      "--target",
      "Stage",
      "--positive",
      "Closed Won",
      "--exclude",
      "nope",
    );
    expect(x.code).toBe(2);
    expect(
      await codeOf(
        "model",
        "evaluate",
        "--data",
        train,
        "--target",
        "Stage",
        "--positive",
        "Closed Won",
        "--exclude",
        "nope",
      ),
    ).toMatchObject({ kind: "usage", code: "invalid_option" });
    const e = await cli("model", "predict", "--model", model);
    expect(e.code).toBe(2);
    expect(await codeOf("model", "predict", "--model", model)).toMatchObject({
      kind: "usage",
      code: "missing_argument",
    });
  });
});
