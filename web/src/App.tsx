import { type ComponentType, type FormEvent, lazy, Suspense, useEffect, useState } from "react";
import { ApiError, api, clearToken, getToken, onUnauthorized, setToken } from "./api";
import { Loading } from "./components/common";

/** A page loaded with its own code when first shown (the territory page does not parse charts). */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}
const BooksPage = lazyPage(() => import("./pages/Books"), "BooksPage");
const CoveragePage = lazyPage(() => import("./pages/Coverage"), "CoveragePage");
const ForecastPage = lazyPage(() => import("./pages/Forecast"), "ForecastPage");
const Icp = lazyPage(() => import("./pages/Icp"), "Icp");
const OverviewPage = lazyPage(() => import("./pages/Overview"), "OverviewPage");
const QuotasPage = lazyPage(() => import("./pages/Quotas"), "QuotasPage");
const RoutingPage = lazyPage(() => import("./pages/Routing"), "RoutingPage");
const TargetAccounts = lazyPage(() => import("./pages/TargetAccounts"), "TargetAccounts");
const Territories = lazyPage(() => import("./pages/Territories"), "Territories");

export const PAGES = [
  { path: "/", label: "Overview" },
  { path: "/icp", label: "ICP segments" },
  { path: "/accounts", label: "Target accounts" },
  { path: "/territories", label: "Territories" },
  { path: "/books", label: "Books" },
  { path: "/routing", label: "Routing" },
  { path: "/forecast", label: "Deals & forecast" },
  { path: "/coverage", label: "Coverage" },
  { path: "/quotas", label: "Capacity & quotas" },
] as const;

/** Client-side navigation (the server answers the app's page on every path). */
export function navigate(to: string): void {
  if (to === location.pathname + location.search) return;
  history.pushState(null, "", to);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const f = () => setPath(location.pathname);
    window.addEventListener("popstate", f);
    return () => window.removeEventListener("popstate", f);
  }, []);
  return path;
}

export function Link({
  to,
  children,
  className,
}: {
  to: string;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <a
      href={to}
      className={className}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

function TokenGate({ onDone, refused }: { onDone: () => void; refused: boolean }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(
    refused ? "The server refused the token: enter it again." : null,
  );
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api("/v1/plans", {}, value.trim());
      setToken(value.trim());
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="gate">
      <h1>Paydirt</h1>
      <form onSubmit={submit}>
        <p>
          Enter the access token that <code>paydirt serve</code> printed (or your{" "}
          <code>PAYDIRT_TOKEN</code>). It is kept for this browser tab only.
        </p>
        <label htmlFor="token">Access token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" disabled={busy || !value.trim()}>
          Open
        </button>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </main>
  );
}

export function App() {
  const [authed, setAuthed] = useState(getToken() !== null);
  const [refused, setRefused] = useState(false);
  const path = usePath();
  useEffect(
    () =>
      onUnauthorized(() => {
        clearToken();
        setRefused(true);
        setAuthed(false);
      }),
    [],
  );
  if (!authed) return <TokenGate refused={refused} onDone={() => setAuthed(true)} />;
  const page = PAGES.find((p) => p.path === path) ?? PAGES[0];
  return (
    <div className="shell">
      <header>
        <span className="brand">Paydirt</span>
        <nav aria-label="Pages">
          <ul className="nav-list">
            {PAGES.map((p) => (
              <li key={p.path}>
                <Link to={p.path} className={p.path === page.path ? "active" : undefined}>
                  {p.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <button
          type="button"
          className="link"
          onClick={() => {
            clearToken();
            setAuthed(false);
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main">
        <Suspense fallback={<Loading what="the page" />}>
          {page.path === "/" ? (
            <OverviewPage />
          ) : page.path === "/icp" ? (
            <Icp />
          ) : page.path === "/accounts" ? (
            <TargetAccounts />
          ) : page.path === "/territories" ? (
            <Territories />
          ) : page.path === "/books" ? (
            <BooksPage />
          ) : page.path === "/routing" ? (
            <RoutingPage />
          ) : page.path === "/forecast" ? (
            <ForecastPage />
          ) : page.path === "/coverage" ? (
            <CoveragePage />
          ) : page.path === "/quotas" ? (
            <QuotasPage />
          ) : null}
        </Suspense>
      </main>
    </div>
  );
}
