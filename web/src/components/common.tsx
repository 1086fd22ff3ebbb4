import { type ReactNode, useEffect, useState } from "react";
import { ApiError } from "../api";

/** The server's message (and each coded issue) when a request fails. */
export function ErrorBox({ error }: { error: unknown }) {
  const issues =
    error instanceof ApiError
      ? error.issues
      : [{ code: "error", message: error instanceof Error ? error.message : String(error) }];
  return (
    <div className="error" role="alert">
      <strong>
        {error instanceof ApiError && error.status ? `Error ${error.status}` : "Error"}
      </strong>
      <ul>
        {issues.map((i) => (
          <li key={`${i.code}:${i.message}`}>
            {i.message} <code>{i.code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What to run when there is nothing to show. */
export function Empty({
  title,
  run,
  children,
}: {
  title: string;
  run?: string;
  children?: ReactNode;
}) {
  return (
    <div className="empty" data-testid="empty">
      <h2>{title}</h2>
      {children}
      {run ? (
        <p>
          Run <code>{run}</code>, then reload this page.
        </p>
      ) : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** Fetch on mount / when `key` changes; returns data, error and loading. */
export function useApi<T>(load: () => Promise<T>, key: string) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
    loading: true,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the inputs of `load`
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}

export const fmt = {
  int: (v: number | null | undefined) =>
    v === null || v === undefined || !Number.isFinite(v)
      ? "–"
      : Math.round(v).toLocaleString("en-US"),
  money: (v: number | null | undefined) => {
    if (v === null || v === undefined || !Number.isFinite(v)) return "–";
    const a = Math.abs(v);
    if (a >= 1e9) return `$${(v / 1e9).toFixed(1)}B`;
    if (a >= 1e6) return `$${(v / 1e6).toFixed(1)}M`;
    if (a >= 1e3) return `$${(v / 1e3).toFixed(0)}K`;
    return `$${v.toFixed(0)}`;
  },
  pct: (v: number | null | undefined, d = 1) =>
    v === null || v === undefined || !Number.isFinite(v) ? "–" : `${(v * 100).toFixed(d)}%`,
  num: (v: number | null | undefined, d = 2) =>
    v === null || v === undefined || !Number.isFinite(v) ? "–" : v.toFixed(d),
};
