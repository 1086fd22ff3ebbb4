/** US states: postal code, name and Census region (for regional roll-ups). */
export const US_STATES: readonly { code: string; name: string; region: string }[] = [
  ["AL", "Alabama", "South"],
  ["AK", "Alaska", "West"],
  ["AZ", "Arizona", "West"],
  ["AR", "Arkansas", "South"],
  ["CA", "California", "West"],
  ["CO", "Colorado", "West"],
  ["CT", "Connecticut", "Northeast"],
  ["DE", "Delaware", "South"],
  ["DC", "District of Columbia", "South"],
  ["FL", "Florida", "South"],
  ["GA", "Georgia", "South"],
  ["HI", "Hawaii", "West"],
  ["ID", "Idaho", "West"],
  ["IL", "Illinois", "Midwest"],
  ["IN", "Indiana", "Midwest"],
  ["IA", "Iowa", "Midwest"],
  ["KS", "Kansas", "Midwest"],
  ["KY", "Kentucky", "South"],
  ["LA", "Louisiana", "South"],
  ["ME", "Maine", "Northeast"],
  ["MD", "Maryland", "South"],
  ["MA", "Massachusetts", "Northeast"],
  ["MI", "Michigan", "Midwest"],
  ["MN", "Minnesota", "Midwest"],
  ["MS", "Mississippi", "South"],
  ["MO", "Missouri", "Midwest"],
  ["MT", "Montana", "West"],
  ["NE", "Nebraska", "Midwest"],
  ["NV", "Nevada", "West"],
  ["NH", "New Hampshire", "Northeast"],
  ["NJ", "New Jersey", "Northeast"],
  ["NM", "New Mexico", "West"],
  ["NY", "New York", "Northeast"],
  ["NC", "North Carolina", "South"],
  ["ND", "North Dakota", "Midwest"],
  ["OH", "Ohio", "Midwest"],
  ["OK", "Oklahoma", "South"],
  ["OR", "Oregon", "West"],
  ["PA", "Pennsylvania", "Northeast"],
  ["RI", "Rhode Island", "Northeast"],
  ["SC", "South Carolina", "South"],
  ["SD", "South Dakota", "Midwest"],
  ["TN", "Tennessee", "South"],
  ["TX", "Texas", "South"],
  ["UT", "Utah", "West"],
  ["VT", "Vermont", "Northeast"],
  ["VA", "Virginia", "South"],
  ["WA", "Washington", "West"],
  ["WV", "West Virginia", "South"],
  ["WI", "Wisconsin", "Midwest"],
  ["WY", "Wyoming", "West"],
  ["PR", "Puerto Rico", "Territories"],
].map(([code, name, region]) => ({
  code: code as string,
  name: name as string,
  region: region as string,
}));

/** Company size bands by employees (upper bound exclusive). */
export const SIZE_BANDS: readonly { label: string; below: number }[] = [
  { label: "1-49", below: 50 },
  { label: "50-249", below: 250 },
  { label: "250-999", below: 1000 },
  { label: "1,000-4,999", below: 5000 },
  { label: "5,000+", below: Number.POSITIVE_INFINITY },
];

/** The size band of a head count, or "unknown". */
export function sizeBand(employees: number | null | undefined): string {
  if (employees === null || employees === undefined || !Number.isFinite(employees))
    return "unknown";
  return SIZE_BANDS.find((b) => employees < b.below)?.label ?? "unknown";
}
