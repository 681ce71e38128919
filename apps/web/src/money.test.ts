import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import { MoneySchema } from "@switchyard/proto/switchyard/type/v1/money";
import { formatMoney } from "./money.js";

const money = (currencyCode: string, minorUnits: bigint) => create(MoneySchema, { currencyCode, minorUnits });

describe("formatMoney", () => {
  it("when given minor units, then it prints them exactly, with the currency's own decimals", () => {
    assert.equal(formatMoney(money("EUR", 6758n)), "€67.58");
    assert.equal(formatMoney(money("EUR", 5n)), "€0.05");
    assert.equal(formatMoney(money("JPY", 1500n)), "¥1500");
    assert.equal(formatMoney(money("KWD", 1234n)), "KWD 1.234");
    // Beyond 2^53: no float on the way.
    assert.equal(formatMoney(money("USD", 900719925474099317n)), "$9007199254740993.17");
  });

  it("when the amount is negative or missing, then it says so", () => {
    assert.equal(formatMoney(money("EUR", -1192n)), "−€11.92");
    assert.equal(formatMoney(undefined), "–");
  });
});
