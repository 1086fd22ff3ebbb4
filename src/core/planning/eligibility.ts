import type { PlanRule } from "./rules/rule.js";

/** True when every rule allows giving unit u to rep r. */
export function allowsAll(rules: readonly PlanRule[]): (u: number, r: number) => boolean {
  const checks = rules.flatMap((rule) => (rule.allows ? [rule.allows] : []));
  return (u, r) => {
    for (const a of checks) if (!a(u, r)) return false;
    return true;
  };
}

/** Names of the rules that forbid giving unit u to rep r. */
export function forbiddenBy(rules: readonly PlanRule[], u: number, r: number): string[] {
  return rules.filter((rule) => rule.allows && !rule.allows(u, r)).map((rule) => rule.name);
}
