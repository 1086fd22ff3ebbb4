/** Issue codes of JSON configuration files (plan scenarios, mappings). */
export const CONFIG_CODES = [
  "config_read",
  "config_json",
  "config_unknown_key",
  "config_invalid",
] as const;
