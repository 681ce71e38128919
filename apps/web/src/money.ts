import type { Money } from "@switchyard/proto/switchyard/type/v1/money";

/** Minor units per major unit, by ISO 4217 currency (two decimals unless listed). */
const minorUnitDigits: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3 };

/** Formats integer minor units exactly (no float rounding), e.g. EUR 1999 → "€19.99". */
export function formatMoney(money: Money | undefined): string {
  if (money === undefined) return "–";
  const digits = minorUnitDigits[money.currencyCode] ?? 2;
  const negative = money.minorUnits < 0n;
  const units = negative ? -money.minorUnits : money.minorUnits;
  const scale = 10n ** BigInt(digits);
  const major = units / scale;
  const minor = (units % scale).toString().padStart(digits, "0");
  const amount = digits === 0 ? major.toString() : `${major.toString()}.${minor}`;
  const symbol = new Intl.NumberFormat("en", { style: "currency", currency: money.currencyCode })
    .formatToParts(0)
    .find((part) => part.type === "currency")?.value;
  // A sign such as "€" sits against the amount; a code such as "KWD" gets a space.
  const prefix = symbol === undefined || /^[A-Z]{3}$/.test(symbol) ? `${money.currencyCode} ` : symbol;
  return `${negative ? "−" : ""}${prefix}${amount}`;
}
