// The TextMate grammar tokenizes every sample as its committed baseline says (UPDATE_BASELINES=1 rewrites them),
// and the constructs the issue names get their scopes: keywords, atoms, values with units, citations, quotations, comments.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { tokenize, render } = require("./tokenize");

const root = path.join(__dirname, "..", "..", "..");
const samples = path.join(root, "samples");
const baselines = path.join(__dirname, "baselines");

function policyFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? policyFiles(full) : entry.name.endsWith(".policy") ? [full] : [];
  }).sort();
}

for (const file of policyFiles(samples)) {
  const name = path.relative(samples, file).replace(/[\\/]/g, "__");
  test(`the grammar tokenizes samples/${path.relative(samples, file)} as its baseline says`, async () => {
    const actual = render(await tokenize(fs.readFileSync(file, "utf8")));
    const baseline = path.join(baselines, name + ".tokens.txt");
    if (process.env.UPDATE_BASELINES === "1") {
      fs.writeFileSync(baseline, actual);
    }
    assert.ok(fs.existsSync(baseline), `no baseline for ${name}: run UPDATE_BASELINES=1 npm test and review it`);
    assert.equal(actual, fs.readFileSync(baseline, "utf8"));
  });
}

function scopeOf(lines, text) {
  for (const tokens of lines) {
    const token = tokens.find((t) => t.text === text);
    if (token) {
      return token.scope;
    }
  }
  return undefined;
}

test("keywords, atoms, values with units, citations, quotations and comments get their scopes", async () => {
  const lines = await tokenize([
    "// what each capital would have to be paid",
    "fact price(Russia) = vital                          per nodeal#c4 \"Russia's price is Ukraine\"",
    "fact trade(China, Russia, 2024) = $237B per backfire#f1",
    "fact tariff(US, China) = 57% per analyst \"my reading\"",
    "fact summit date(US, China) = 2025-10-30",
    "rule nodeal_bargain(x: actor) overrides other:",
    "  if offer(US, x) < price(x) and not deal(US, x) then not deal(US, x)",
    "expect \"label\": deal(US, China) in some scenario  // trailing",
  ].join("\n"));
  assert.equal(scopeOf(lines, "// what each capital would have to be paid"), "comment.line.double-slash.policydsl");
  assert.equal(scopeOf(lines, "fact"), "keyword.control.statement.policydsl");
  assert.equal(scopeOf(lines, "price"), "entity.name.function.relation.policydsl");
  assert.equal(scopeOf(lines, "Russia"), "constant.language.constant.policydsl");
  assert.equal(scopeOf(lines, "per"), "keyword.other.citation.per.policydsl");
  assert.equal(scopeOf(lines, "nodeal"), "entity.name.namespace.source.policydsl");
  assert.equal(scopeOf(lines, "#c4"), "entity.name.tag.anchor.policydsl");
  assert.equal(scopeOf(lines, "\"Russia's price is Ukraine\"") ?? scopeOf(lines, "Russia's price is Ukraine"), "string.quoted.double.quotation.policydsl");
  assert.equal(scopeOf(lines, "$237B"), "constant.numeric.money.policydsl");
  assert.equal(scopeOf(lines, "57%"), "constant.numeric.percent.policydsl");
  assert.equal(scopeOf(lines, "2025-10-30"), "constant.numeric.date.policydsl");
  assert.equal(scopeOf(lines, "analyst"), "variable.language.analyst.policydsl");
  assert.equal(scopeOf(lines, "nodeal_bargain"), "entity.name.function.rule.policydsl");
  assert.equal(scopeOf(lines, "x"), "variable.parameter.policydsl");
  assert.equal(scopeOf(lines, "then"), "keyword.operator.word.policydsl");
  assert.equal(scopeOf(lines, "some"), "keyword.other.policydsl");
  assert.equal(scopeOf(lines, "// trailing"), "comment.line.double-slash.policydsl");
});

test("'no' is a quantifier before 'scenario' and an atom elsewhere", async () => {
  const quantified = await tokenize("expect \"never q\": q in no scenario");
  assert.equal(scopeOf(quantified, "no"), "keyword.other.policydsl");
  const atom = await tokenize("rule r: if no then q");
  assert.notEqual(scopeOf(atom, "no"), "keyword.other.policydsl");
});
