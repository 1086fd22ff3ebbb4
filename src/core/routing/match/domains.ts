import { parse } from "tldts";
import { DISPOSABLE_MAIL, FREE_MAIL, FREE_MAIL_BRANDS, SHARED_WEB_HOSTS } from "./providers.js";

const FREE = new Set(FREE_MAIL);
const DISPOSABLE = new Set(DISPOSABLE_MAIL);
const SHARED = new Set(SHARED_WEB_HOSTS);
const BRANDS = new Set(FREE_MAIL_BRANDS);

/** What a lead's address or website says about its company. */
export interface DomainInfo {
  /** Host name, lower case, without `www.` (e.g. `mail.acme.co.uk`). */
  readonly host: string;
  /** Registrable domain from the public suffix list (e.g. `acme.co.uk`). */
  readonly registrable: string;
  /** `company` when the domain names an organisation; otherwise why it does not. */
  readonly kind: "company" | "free" | "disposable" | "shared";
}

/**
 * The host and registrable domain of an e-mail address, URL or bare domain, or null when there
 * is none (empty, an IP address, no public suffix).
 * @example domainOf("Jane.Doe@Mail.ACME.co.uk") // { host: "mail.acme.co.uk", registrable: "acme.co.uk", kind: "company" }
 */
export function domainOf(text: string | null | undefined, as: "email" | "web"): DomainInfo | null {
  if (!text) return null;
  let s = text.trim().toLowerCase();
  if (!s) return null;
  const at = s.lastIndexOf("@");
  if (at >= 0) s = s.slice(at + 1);
  s = s
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
    .replace(/[/?#:].*$/, "")
    .replace(/\.+$/, "");
  if (!s || s.includes(" ")) return null;
  const p = parse(s, { allowPrivateDomains: true });
  if (p.isIp || !p.domain || !p.hostname || !p.publicSuffix) return null;
  const host = p.hostname.startsWith("www.") ? p.hostname.slice(4) : p.hostname;
  const registrable = p.domain;
  let kind: DomainInfo["kind"] = "company";
  if (FREE.has(registrable) || BRANDS.has(p.domainWithoutSuffix ?? "")) kind = "free";
  else if (DISPOSABLE.has(registrable)) kind = "disposable";
  else if (as === "web" && (SHARED.has(registrable) || p.isPrivate)) kind = "shared";
  return { host, registrable, kind };
}

/** The hosts from `host` up to its registrable domain, most specific first. */
export function hostChain(host: string, registrable: string): string[] {
  const out = [host];
  let h = host;
  while (h.length > registrable.length) {
    const dot = h.indexOf(".");
    if (dot < 0) break;
    h = h.slice(dot + 1);
    if (h.length < registrable.length) break;
    out.push(h);
  }
  return out;
}
