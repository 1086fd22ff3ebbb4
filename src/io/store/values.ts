import { type DuckDBListValue, listValue as duckList } from "@duckdb/node-api";

/**
 * A non-empty list of strings as one SQL parameter: `list_contains(CAST($ids AS VARCHAR[]), x)`.
 * (An empty list has no item type to bind; leave the condition out instead.)
 */
export function listValue(items: readonly string[]): DuckDBListValue {
  if (items.length === 0) throw new Error("listValue needs at least one item");
  return duckList([...items]);
}
