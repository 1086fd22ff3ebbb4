import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MatchIndex } from "./account-index.js";
import { domainOf } from "./domains.js";
import { Matcher } from "./matcher.js";
import { legalKind, normalizeName } from "./normalize.js";
import { bigramDice, jaroWinkler } from "./similarity.js";

describe("company name normalisation", () => {
  it.each([
    ["The Procter & Gamble Co.", "procter and gamble", "co"],
    ["PROCTER AND GAMBLE COMPANY", "procter and gamble", "company"],
    ["Nestlé S.A.", "nestle", "sa"],
    ["Müller GmbH & Co. KG", "muller", "gmbh and co kg"],
    ["Home Depot, The", "home depot", ""],
    ["ABC Holdings Co., Ltd.", "abc holdings", "co ltd"],
    ["Polska Sp. z o.o.", "polska", "sp zoo"],
    ["Philips N.V.", "philips", "nv"],
    ["Toyota Motor Corp", "toyota motor", "corp"],
    ["AT&T Inc.", "att", "inc"],
    ["I.B.M.", "ibm", ""],
    ["Acme Intl Svcs LLC", "acme international services", "llc"],
    ["PT Bank Central Asia Tbk", "bank central asia", "tbk"],
    ["Grupo Bimbo, S.A.B. de C.V.", "group bimbo", "sab de cv"],
    ["Acme LLC dba Rocket Parts", "acme", "llc"],
  ])("%s -> %s", (raw, core, legal) => {
    const n = normalizeName(raw);
    expect(n.tokens.join(" ")).toBe(core);
    expect(n.legal).toBe(legal);
  });

  it("ignores case, accents and spacing of punctuation", () => {
    const base = fc.constantFrom(
      "Acme Widgets",
      "Zürich Versicherung",
      "Smith & Sons",
      "Crédit Agricole",
    );
    fc.assert(
      fc.property(base, fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (name, flips) => {
        const varied = [...name]
          .map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase()))
          .join("");
        expect(normalizeName(`${varied} ,Inc.`).tokens).toEqual(normalizeName(name).tokens);
      }),
    );
  });

  it.each([["&&&"], ["Acme Co & Co"], ["The The Acme"], ["PT The Acme Ltd"]])(
    "is stable on names whose trimming exposes another end: %s",
    (name) => {
      const once = normalizeName(name).tokens;
      expect(normalizeName(once.join(" ")).tokens).toEqual(once);
    },
  );

  it("is stable: normalising the core again changes nothing", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const once = normalizeName(s).tokens;
        if (once.length === 0) return;
        expect(normalizeName(once.join(" ")).tokens).toEqual(once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("domains", () => {
  it.each([
    ["Jane.Doe@Mail.ACME.co.uk", "email", "mail.acme.co.uk", "acme.co.uk", "company"],
    ["https://www.acme.com/contact?x=1", "web", "acme.com", "acme.com", "company"],
    ["someone@gmail.com", "email", "gmail.com", "gmail.com", "free"],
    ["x@yahoo.com.mx", "email", "yahoo.com.mx", "yahoo.com.mx", "free"],
    ["x@mailinator.com", "email", "mailinator.com", "mailinator.com", "disposable"],
    ["https://www.linkedin.com/company/acme", "web", "linkedin.com", "linkedin.com", "shared"],
    ["someone@linkedin.com", "email", "linkedin.com", "linkedin.com", "company"],
    ["acme.github.io", "web", "acme.github.io", "acme.github.io", "shared"],
  ] as const)("%s", (text, as, host, registrable, kind) => {
    expect(domainOf(text, as)).toEqual({ host, registrable, kind });
  });

  it("has no domain for blanks, IP addresses and words", () => {
    for (const t of ["", "  ", "10.0.0.1", "x@192.168.1.1", "n/a", "acme"])
      expect(domainOf(t, "email")).toBeNull();
  });
});

describe("string similarity", () => {
  it("gives the published Jaro-Winkler values", () => {
    expect(jaroWinkler("martha", "marhta")).toBeCloseTo(0.961, 3);
    expect(jaroWinkler("dwayne", "duane")).toBeCloseTo(0.84, 2);
    expect(jaroWinkler("dixon", "dicksonx")).toBeCloseTo(0.813, 3);
  });

  it("is symmetric, within [0, 1], and 1 only for equal strings", () => {
    const word = fc.string({ unit: fc.constantFrom(..."abcdexyz"), maxLength: 40 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        const s = jaroWinkler(a, b);
        expect(jaroWinkler(b, a)).toBeCloseTo(s, 12);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1 + 1e-12);
        if (a !== b) expect(s).toBeLessThan(1);
        const d = bigramDice(a, b);
        expect(d).toBeCloseTo(bigramDice(b, a), 12);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("legal form kinds", () => {
  it.each([
    ["Acme Incorporated", "inc"],
    ["Acme, Inc.", "inc"],
    ["Acme Corporation", "corp"],
    ["Acme Company", "co"],
    ["ABC Holdings Co., Ltd.", "ltd"],
    ["Acme L.L.C.", "llc"],
    ["Acme", ""],
  ])("%s -> %s", (raw, kind) => {
    expect(legalKind(normalizeName(raw).legal)).toBe(kind);
  });
});

describe("matcher with many namesakes", () => {
  // 40 accounts called "Cedar Dental" in 20 states, more than the matcher scores one by one.
  const states = ["CA", "TX", "NY", "FL", "IL", "PA", "OH", "GA", "NC", "MI"];
  const index = new MatchIndex(
    Array.from({ length: 40 }, (_, i) => ({
      id: `C${i}`,
      name: `Cedar Dental ${i % 2 ? "LLC" : "Inc."}`,
      domain: `cedardental${i}.com`,
      state: states[i % states.length] ?? "CA",
    })),
  );
  const m = new Matcher(index);

  it("considers the namesakes in the lead's state, whatever their position in the list", () => {
    const r = m.match({ id: "l", company: "Cedar Dental", state: "MI" }, { threshold: 0 });
    const mi = r.candidates.map((c) => index.states[index.indexOf(c.accountId)]);
    expect(mi.slice(0, 2)).toEqual(["MI", "MI"]);
  });

  it("counts the unscored namesakes in the confidence", () => {
    const r = m.match({ id: "l", company: "Cedar Dental", email: "x@gmail.com" });
    expect(r.accountId).toBeNull();
    expect(r.confidence).toBeLessThanOrEqual(1 / 40 + 1e-3);
    const known = m.match({ id: "l", company: "Cedar Dental", email: "x@cedardental33.com" });
    expect(known.accountId).toBe("C33");
  });
});

describe("matcher", () => {
  const index = new MatchIndex([
    { id: "A1", name: "Acme Widgets, Inc.", domain: "acme.com", state: "CA", employees: 500 },
    { id: "A2", name: "Acme Widgets LLC", domain: "acmewidgets.co.uk", state: "TX", employees: 20 },
    { id: "A3", name: "International Business Machines Corp", domain: "ibm.com", state: "NY" },
    { id: "A4", name: "Globex Europe GmbH", domain: "globex.de", parentId: "A5" },
    { id: "A5", name: "Globex Corporation", domain: "globex.com" },
  ]);
  const m = new Matcher(index);

  it("matches by company domain whatever the name says", () => {
    const r = m.match({ id: "l", email: "ceo@mail.acme.com", company: "ACME" });
    expect(r.accountId).toBe("A1");
    expect(r.evidence.map((e) => e.kind)).toContain("domain");
  });

  it("reads a free-mail address as no evidence and leaves a namesake to geography", () => {
    const tx = m.match(
      { id: "l", email: "x@gmail.com", company: "Acme Widgets", state: "Texas" },
      { threshold: 0 },
    );
    expect(tx.candidates[0]?.accountId).toBe("A2");
    const nowhere = m.match({ id: "l", email: "x@gmail.com", company: "Acme Widgets" });
    expect(nowhere.accountId).toBeNull();
    expect(nowhere.confidence).toBeLessThan(0.8);
  });

  it("finds acronyms and typos", () => {
    expect(
      m.match({ id: "l", company: "IBM", state: "NY" }, { threshold: 0 }).candidates[0]?.accountId,
    ).toBe("A3");
    expect(
      m.match({ id: "l", company: "Internatonal Busness Machines" }, { threshold: 0 }).candidates[0]
        ?.accountId,
    ).toBe("A3");
  });

  it("says no match for an unknown company with its own domain", () => {
    const r = m.match({ id: "l", email: "bob@initech.com", company: "Initech" });
    expect(r.accountId).toBeNull();
    expect(r.confidence).toBeLessThan(0.5);
  });

  it("rolls a subsidiary up to its parent on request", () => {
    const lead = { id: "l", email: "anna@globex.de", company: "Globex Europe" };
    expect(m.match(lead).accountId).toBe("A4");
    const up = m.match(lead, { rollup: true });
    expect(up.accountId).toBe("A5");
    expect(up.rolledUpFrom).toBe("A4");
  });

  it("a higher threshold never adds matches", () => {
    const leads = [
      { id: "1", company: "Acme Widgets" },
      { id: "2", company: "Acme", email: "a@acme.com" },
      { id: "3", company: "Globex" },
      { id: "4", company: "Initech", email: "x@initech.com" },
    ];
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          for (const l of leads)
            if (m.match(l, { threshold: hi }).accountId)
              expect(m.match(l, { threshold: lo }).accountId).not.toBeNull();
        },
      ),
      { numRuns: 30 },
    );
  });
});
