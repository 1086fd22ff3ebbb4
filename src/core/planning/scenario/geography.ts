/** Geographic units (e.g. counties): ids, centres and adjacency, used to plan territories of areas. */
export interface Geography {
  readonly ids: readonly string[];
  readonly latitude: readonly number[];
  readonly longitude: readonly number[];
  /** Adjacent unit pairs (indices into ids). */
  readonly edges: readonly (readonly [number, number])[];
}
